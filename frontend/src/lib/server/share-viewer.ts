// Client of the sharing service's viewer endpoints, for the `/s/<token>` page. The page's own GET
// only asks whether the link is usable (`open`: counts nothing, so link previews and mail scanners
// burn no view); the loaded page's script asks `/s/<token>/view`, which relays to `view` with the
// viewer's cookie for this link and relays the service's cookie back. Neither the token nor the
// cookie is logged.
import {
  apiPaths,
  shareProblemTypes,
  sharingPaths,
  viewerOpenResponse,
  viewingCookieName,
  type ViewerOpenResponse,
} from '@candor/contracts';
import { callService } from './http';
import { serviceUrls } from './config';

const problemBase = 'https://candor.dev/problems/';

export function openShare(token: string, clientAddress: string): Promise<ViewerOpenResponse> {
  return callService('sharing', viewerOpenResponse, {
    method: 'POST',
    path: sharingPaths.viewerOpen,
    body: { token },
    clientAddress,
  });
}

/** The service's answer to a view, passed through as it came (status, JSON, the cookie it set). */
export async function viewShare(
  token: string,
  request: { cookie: string | null; userAgent: string | null; clientAddress: string },
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-forwarded-for': request.clientAddress,
  };
  if (request.cookie) headers.cookie = request.cookie;
  if (request.userAgent) headers['user-agent'] = request.userAgent;
  try {
    return await fetch(new URL(sharingPaths.viewerView, serviceUrls.sharing), {
      method: 'POST',
      headers,
      body: JSON.stringify({ token }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return Response.json(
      {
        type: 'about:blank',
        title: 'Service unavailable',
        status: 503,
        detail: 'The sharing service could not be reached.',
      },
      { status: 503, headers: { 'content-type': 'application/problem+json' } },
    );
  }
}

/**
 * The viewer's signed playback URLs, asked of the recording service with the link's token and the
 * viewing pass (the value of this link's cookie); recording has sharing vouch for them. The answer
 * is passed through as it came (ids and URLs, or the refusal).
 */
export async function sharePlayback(token: string, pass: string | null, clientAddress: string): Promise<Response> {
  if (!pass) {
    return Response.json(
      { type: problemBase + shareProblemTypes.viewingSession, title: 'Forbidden', status: 403, detail: 'Open the share link again to watch.' },
      { status: 403, headers: { 'content-type': 'application/problem+json' } },
    );
  }
  try {
    return await fetch(new URL(apiPaths.recording.sharePlayback, serviceUrls.recording), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress },
      body: JSON.stringify({ token, pass }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return Response.json(
      { type: 'about:blank', title: 'Service unavailable', status: 503, detail: 'Recordings could not be reached.' },
      { status: 503, headers: { 'content-type': 'application/problem+json' } },
    );
  }
}

/** Only this link's viewing cookie goes to the service: the browser's other cookies are none of its business. */
export function viewingCookieOf(cookieHeader: string | null, shareLinkId: string | null): string | null {
  if (!cookieHeader || !shareLinkId) return null;
  const name = viewingCookieName(shareLinkId);
  const found = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`));
  return found ?? null;
}

/** The share link id a token names (the middle part is its UUID as base64url), or null. */
export function shareLinkIdOf(token: string): string | null {
  const middle = /^[a-z0-9]{1,16}\.([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/.exec(token)?.[1];
  if (!middle) return null;
  const hex = Buffer.from(middle, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type ShareProblem = 'invalid' | 'expired' | 'used-up' | 'revoked';

/** What a refused link means to the viewer; wrong tokens all say the same. */
export function shareProblem(status: number, type: string | undefined): ShareProblem | null {
  if (type === problemBase + shareProblemTypes.expired) return 'expired';
  if (type === problemBase + shareProblemTypes.usedUp) return 'used-up';
  if (type === problemBase + shareProblemTypes.revoked) return 'revoked';
  if (status === 404 || status === 400) return 'invalid';
  if (status === 410) return 'revoked';
  return null;
}

export const sharePages: Record<ShareProblem, { status: number; message: string; hint: string }> = {
  invalid: {
    status: 404,
    message: 'This share link is not valid',
    hint: 'Check that you opened the whole link. If it still does not work, ask the person who sent it.',
  },
  expired: {
    status: 410,
    message: 'This share link has expired',
    hint: 'Ask the person who shared this interview with you for a new link.',
  },
  'used-up': {
    status: 410,
    message: 'This share link has been used up',
    hint: 'It has been opened as many times as it allows. Ask the person who shared it for a new link.',
  },
  revoked: {
    status: 410,
    message: 'This share link was revoked',
    hint: 'The person who shared this interview has withdrawn the link.',
  },
};
