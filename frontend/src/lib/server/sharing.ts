// Client of the sharing service's recruiter endpoints: an interview's share links (list, create,
// Quick Share, edit visible content, delete = revoke). Paths from the contracts; answers parsed.
import {
  shareChangeResult,
  shareCommandResult,
  shareLinkListResponse,
  sharingPaths,
  type CreateShareLinkRequest,
  type EditShareLinkRequest,
  type ShareLinkListResponse,
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
