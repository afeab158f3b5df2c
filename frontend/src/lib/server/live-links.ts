// The server side of the live link pages (`/join/<token>`, `/host/<token>`). A page load opens the
// link once at the invite service (a live token, 2 minutes) and asks the media service whether the
// room would let it in now (mints nothing); every room-token request opens the link again and joins
// with it. So a revoked link, a cancelled or ended interview, a declined candidate are refused at
// that moment, by the services' write models. The link token and the live token stay on this
// server; the browser gets the interview's summary and, from the room-token endpoint, nothing but
// the join answer. Neither token is logged.
import { error, json, type RequestEvent } from '@sveltejs/kit';
import {
  apiPaths,
  joinRoomRequest,
  joinRoomResponse,
  liveLimits,
  networkCheckRequest,
  networkCheckResponse,
  openLiveLinkResponse,
  recordingNotice,
  roomEntryResponse,
  type JoinRoomRequest,
  type JoinRoomResponse,
  type LiveInterviewSummary,
  type LiveRole,
  type OpenLiveLinkResponse,
  type RoomEntryResponse,
  candidateSharesResponse,
  sharingPaths,
} from '@candor/contracts';
import { formatInZone } from '#lib/analysis/format.ts';
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

/** The candidate declines the interview through their link, with an optional note (204). */
export async function declineLiveInterview(token: string, note: string, clientAddress: string): Promise<void> {
  await callService('invite', { parse: () => undefined }, {
    method: 'POST',
    path: apiPaths.invite.declineLiveInterview,
    body: { token, note },
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

/** Whether the room would let this link in now; its refusals are problems, as for a join. */
export function roomEntry(liveToken: string, clientAddress: string): Promise<RoomEntryResponse> {
  return callService('media', roomEntryResponse, { path: apiPaths.media.entry, token: liveToken, clientAddress });
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
  /** how long the candidate's note may be when they decline */
  declineNoteLimit: number;
}

function outcomePage(outcome: LiveOutcome, role: LiveRole, shares?: App.Error['shares']): never {
  const { status, title, hint } = outcomeText(outcome, role);
  error(status, { message: title, hint, ...(shares ? { shares } : {}) });
}

/**
 * The candidate's own view of the sharing of their interview (sharing service, with their link):
 * how many share links were made, when it was viewed, times in the interview's zone. Only after
 * the interview, on its ended page; nothing when the sharing service cannot say.
 */
async function candidateShares(token: string, zone: string, clientAddress: string) {
  try {
    const answer = await callService('sharing', candidateSharesResponse, {
      method: 'POST',
      path: sharingPaths.candidateShares,
      body: { token },
      clientAddress,
    });
    return { links: answer.links, viewedAt: answer.viewedAt.map((at) => formatInZone(at, zone)) };
  } catch (cause) {
    if (cause instanceof ApiError) return undefined;
    throw cause;
  }
}

/** The error page for a service's refusal of a live link (what loading the page would show). */
export function liveOutcomePage(cause: ApiError, role: LiveRole): never {
  outcomePage(outcomeOfProblem(cause), role);
}

/**
 * The page's data, or its error page (link not valid, withdrawn, interview cancelled or ended,
 * candidate declined, …): the link opened once, and the room's answer to whether it may enter.
 */
export async function loadLivePage(event: LinkEvent, role: LiveRole): Promise<LivePageData> {
  const clientAddress = event.getClientAddress();
  let opened: OpenLiveLinkResponse | undefined;
  try {
    opened = await openLiveLink(event.params.token, role, clientAddress);
    const entry = await roomEntry(opened.liveToken, clientAddress);
    return {
      role,
      interview: opened.interview,
      availability: entry.availability,
      recordingNotice: role === 'candidate' && opened.interview.recordable ? recordingNotice : null,
      declineNoteLimit: liveLimits.declineNote,
    };
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    const outcome = outcomeOfProblem(cause);
    // after the interview the candidate may see that it was shared and viewed (never who)
    const shares =
      outcome === 'ended' && role === 'candidate' && opened
        ? await candidateShares(event.params.token, opened.interview.timeZone, clientAddress)
        : undefined;
    outcomePage(outcome, role, shares);
  }
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

/**
 * POST `<link page>/network-check`, body `{ sdp }`: the equipment test's probe offer, passed to the
 * media service with a live token from opening the link again (so only a link that may enter its
 * room can probe the SFU); answers the SFU's answer and relay credentials for the probe.
 */
export async function networkCheckEndpoint(event: RequestEvent & LinkEvent, role: LiveRole): Promise<Response> {
  if (!event.request.headers.get('content-type')?.startsWith('application/json')) {
    return problem(415, undefined, 'Unsupported media type', 'Send the request as application/json.');
  }
  const parsed = networkCheckRequest.safeParse(await event.request.json().catch(() => undefined));
  if (!parsed.success) return problem(400, undefined, 'Invalid request', parsed.error.issues[0]?.message);
  const clientAddress = event.getClientAddress();
  try {
    const opened = await openLiveLink(event.params.token, role, clientAddress);
    const answer = await callService('media', networkCheckResponse, {
      method: 'POST',
      path: apiPaths.media.networkCheck,
      body: parsed.data,
      token: opened.liveToken,
      clientAddress,
    });
    return json(answer, { headers: { 'cache-control': 'no-store' } });
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    if (cause.status >= 500 && cause.status !== 503) return problem(503, undefined, 'Service unavailable', 'The interview could not be reached.');
    return problem(cause.status, cause.type, cause.title, cause.detail);
  }
}
