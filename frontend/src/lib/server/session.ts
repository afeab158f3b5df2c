// The recruiter's session: the JWT in an HttpOnly cookie. The frontend only decodes the claims to
// show who is signed in; the services verify the token on every call and answer 401 if it is bad.
import { redirect, type Cookies } from '@sveltejs/kit';
import { sessionClaims, sessionCookieName, type SessionClaims } from '@candor/contracts';
import { cookieSecure } from './config';
import { ApiError } from './http';

export interface RecruiterSession {
  token: string;
  recruiter: SessionClaims;
}

const maxAgeSeconds = 8 * 60 * 60;

export function readSession(cookies: Cookies, now = Date.now()): RecruiterSession | null {
  const token = cookies.get(sessionCookieName);
  if (!token) return null;
  const payload = decodeJwtPayload(token);
  const claims = sessionClaims.safeParse(payload);
  if (!claims.success) return null;
  const exp = (payload as { exp?: unknown }).exp;
  if (typeof exp === 'number' && exp * 1000 <= now) return null;
  return { token, recruiter: claims.data };
}

export function startSession(cookies: Cookies, token: string): void {
  cookies.set(sessionCookieName, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure,
    maxAge: maxAgeSeconds,
  });
}

export function endSession(cookies: Cookies): void {
  cookies.delete(sessionCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure });
}

/** `/login?next=<where the recruiter was going>`, for pages that need a session. */
export function loginUrl(url: URL): string {
  const next = url.pathname + url.search;
  return next === '/' || next.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** Only same-site paths: `next` comes from the query string, so it must not send anyone elsewhere. */
export function safeNext(next: string | null | undefined, fallback = '/jobs'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

interface SessionEvent {
  locals: App.Locals;
  cookies: Cookies;
  url: URL;
}

/**
 * Runs a call to the services as the signed-in recruiter. A 401 means the token is no longer
 * accepted (expired, keys rotated, account gone): the cookie is cleared and the recruiter logs in again.
 */
export async function asRecruiter<T>(event: SessionEvent, call: (token: string) => Promise<T>): Promise<T> {
  const session = event.locals.session;
  if (!session) redirect(303, loginUrl(event.url));
  try {
    return await call(session.token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      endSession(event.cookies);
      event.locals.session = null;
      redirect(303, loginUrl(event.url));
    }
    throw error;
  }
}

function decodeJwtPayload(token: string): unknown {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
