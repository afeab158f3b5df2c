// Client of the sharing service's recruiter endpoints: an interview's share links (list, create,
// Quick Share, edit visible content, delete = revoke), its viewing log, and the organisation's share
// settings (defaults, ceilings). Paths from the contracts; answers parsed.
import {
  shareChangeResult,
  shareCommandResult,
  shareLinkListResponse,
  shareSettingsView,
  sharingPaths,
  viewingLogResponse,
  type CreateShareLinkRequest,
  type EditShareLinkRequest,
  type ShareCeilings,
  type ShareDefaults,
  type ShareLinkListResponse,
  type ShareSettingsView,
  type ViewingLogResponse,
} from '@candor/contracts';
import { callService } from './http';

export interface ShareCommandResult {
  id: string;
  path: string;
  waitFor: string;
}

export function listShareLinks(
  token: string,
  liveInterviewId: string,
  waitFor?: string,
): Promise<ShareLinkListResponse> {
  return callService('sharing', shareLinkListResponse, {
    path: sharingPaths.interviewLinks(liveInterviewId),
    query: { waitFor },
    token,
  });
}

export function createShareLink(
  token: string,
  liveInterviewId: string,
  body: CreateShareLinkRequest,
): Promise<ShareCommandResult> {
  return callService('sharing', shareCommandResult, {
    method: 'POST',
    path: sharingPaths.interviewLinks(liveInterviewId),
    body,
    token,
  });
}

export function quickShare(token: string, liveInterviewId: string): Promise<ShareCommandResult> {
  return callService('sharing', shareCommandResult, {
    method: 'POST',
    path: sharingPaths.quickShare(liveInterviewId),
    token,
  });
}

export function editShareLink(token: string, shareLinkId: string, body: EditShareLinkRequest) {
  return callService('sharing', shareChangeResult, {
    method: 'PATCH',
    path: sharingPaths.link(shareLinkId),
    body,
    token,
  });
}

export function deleteShareLink(token: string, shareLinkId: string) {
  return callService('sharing', shareChangeResult, { method: 'DELETE', path: sharingPaths.link(shareLinkId), token });
}

/** Every view of the interview's links, newest first: time, link name, coarse user agent. */
export function listInterviewViews(
  token: string,
  liveInterviewId: string,
  waitFor?: string,
): Promise<ViewingLogResponse> {
  return callService('sharing', viewingLogResponse, {
    path: sharingPaths.interviewViews(liveInterviewId),
    query: { waitFor },
    token,
  });
}

export function getShareSettings(token: string): Promise<ShareSettingsView> {
  return callService('sharing', shareSettingsView, { path: sharingPaths.settings, token });
}

export function setShareDefaults(token: string, defaults: ShareDefaults): Promise<ShareSettingsView> {
  return callService('sharing', shareSettingsView, {
    method: 'PUT',
    path: sharingPaths.defaults,
    body: defaults,
    token,
  });
}

export function setShareCeilings(token: string, ceilings: ShareCeilings): Promise<ShareSettingsView> {
  return callService('sharing', shareSettingsView, {
    method: 'PUT',
    path: sharingPaths.ceilings,
    body: ceilings,
    token,
  });
}
