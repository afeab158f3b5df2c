// The server side of the live link pages (`/join/<token>`, `/host/<token>`). Every page load and
// every room-token request opens the link again at the invite service (a live token, 2 minutes)
// and asks the media service to join with it, so a revoked link, a cancelled or ended interview, a
// declined candidate are refused at that moment, by the services' write models. The link token
// and the live token stay on this server; the browser gets the interview's summary and, from the
// room-token endpoint, nothing but the join answer. Neither token is logged.
import { error, json, type RequestEvent } from '@sveltejs/kit';
import {
  apiPaths,
  joinRoomRequest,
  joinRoomResponse,
  openLiveLinkResponse,
  recordingNotice,
  type JoinRoomRequest,
  type JoinRoomResponse,
  type LiveInterviewSummary,
  type LiveRole,
  type OpenLiveLinkResponse,
} from '@candor/contracts';
import { outcomeOfProblem, outcomeText, type LiveOutcome } from '#lib/live/outcomes.ts';
import { ApiError, callService } from './http';

export function openLiveLink(token: string, role: LiveRole, clientAddress: string): Promise<OpenLiveLinkResponse> {
  return callService('invite', openLiveLinkResponse, {
    method: 'POST',
    path: apiPaths.invite.openLiveLink,
    body: { token, role },
    clientAddress,
  });
}

export function joinRoom(liveToken: string, request: JoinRoomRequest, clientAddress: string): Promise<JoinRoomResponse> {
  return callService('media', joinRoomResponse, {
    method: 'POST',
    path: apiPaths.media.join,
    body: request,
    token: liveToken,
    clientAddress,
  });
}

interface LinkEvent {
  params: { token: string };
  getClientAddress(): string;
}

export interface LivePageData {
  role: LiveRole;
  interview: LiveInterviewSummary;
  /** `too-early`: the server will not let anyone in yet; the page says when and reloads then */
  availability: 'open' | 'too-early';
  /** the words the candidate agrees to when the interview may be recorded */
  recordingNotice: string | null;
}

function outcomePage(outcome: LiveOutcome, role: LiveRole): never {
  const { status, title, hint } = outcomeText(outcome, role);
  error(status, { message: title, hint });
}

/**
 * The page's data, or its error page (link not valid, withdrawn, interview cancelled or ended,
 * candidate declined, …). The room's state comes from asking to join without joining: the media
 * service answers the same refusals it would give the real request, and the room token it may mint
 * is dropped here, unused (it lives 60 s and is single use). A candidate is asked without consent:
 * `recording-consent-required` then means the room is open to them.
 */
export async function loadLivePage(event: LinkEvent, role: LiveRole): Promise<LivePageData> {
  const clientAddress = event.getClientAddress();
  let opened: OpenLiveLinkResponse;
  try {
    opened = await openLiveLink(event.params.token, role, clientAddress);
  } catch (cause) {
    if (cause instanceof ApiError) outcomePage(outcomeOfProblem(cause), role);
    throw cause;
  }

  let availability: LivePageData['availability'] = 'open';
  try {
    await joinRoom(opened.liveToken, {}, clientAddress);
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    const outcome = outcomeOfProblem(cause);
    if (outcome === 'too-early') availability = 'too-early';
    // Consent (candidate) and a name (host) are asked for on the page. `already-connected` on a
    // reload is this person's previous page, whose socket closes as it unloads: by the time they
    // join for real it is gone (and if another window really holds the place, joining says so).
    else if (outcome !== 'consent-required' && outcome !== 'already-connected' && !isMissingField(cause)) {
      outcomePage(outcome, role);
    }
  }

  return {
    role,
    interview: opened.interview,
    availability,
    recordingNotice: role === 'candidate' && opened.interview.recordable ? recordingNotice : null,
  };
}

/** A 400 about the request body (a host's missing name): not a refusal of the link. */
function isMissingField(cause: ApiError): boolean {
  return cause.status === 400 && cause.fieldErrors.length > 0;
}

/** The problem+json we answer the browser with: the upstream type kept, so the page knows why. */
function problem(status: number, type: string | undefined, title: string, detail?: string): Response {
  return json(
    { type: type ?? 'about:blank', title, status, ...(detail ? { detail } : {}) },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

/**
 * POST `<link page>/room-token`, body `joinRoomRequest`: opens the link again and joins, answering
 * only the join answer (room token, grants, signalling path). The browser calls it before every
 * (re)connection of the signalling socket.
 */
export async function roomTokenResponse(event: RequestEvent & LinkEvent, role: LiveRole): Promise<Response> {
  if (!event.request.headers.get('content-type')?.startsWith('application/json')) {
    return problem(415, undefined, 'Unsupported media type', 'Send the request as application/json.');
  }
  const parsed = joinRoomRequest.safeParse(await event.request.json().catch(() => undefined));
  if (!parsed.success) return problem(400, undefined, 'Invalid request', parsed.error.issues[0]?.message);
  // each role sends only what is its own to say
  const request: JoinRoomRequest =
    role === 'host' ? { displayName: parsed.data.displayName } : { recordingConsent: parsed.data.recordingConsent };

  const clientAddress = event.getClientAddress();
  try {
    const opened = await openLiveLink(event.params.token, role, clientAddress);
    return json(await joinRoom(opened.liveToken, request, clientAddress));
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    if (cause.status >= 500) return problem(503, undefined, 'Service unavailable', 'The interview could not be reached.');
    return problem(cause.status, cause.type, cause.title, cause.detail);
  }
}
