// Recruiter session tokens: JWTs (audience `candor-recruiter`, 8 hours) the identity service signs at
// log-in and sign-up, and every service checks on every recruiter request — sent as
// `Authorization: Bearer` or in the HttpOnly session cookie. HS256 with a shared secret
// (CANDOR_JWT_SECRET) today; the algorithm, issuer and audience are pinned on verify so a token of
// another kind or an `alg: none` token is refused. The verified claims land in
// `res.locals.recruiter`; every read and write below is scoped to `recruiter.org`.
import type { RequestHandler, Response } from 'express';
import { sessionClaims, sessionCookieName, type SessionClaims } from '@candor/contracts';
import { UnauthorizedError } from '../errors';
import { bearerTokenOf } from './bearer';
import { createSignedTokens, type SignedTokens } from './signed-tokens';

export type SessionTokens = SignedTokens<SessionClaims>;

export function createSessionTokens(secret: string, ttlSeconds = 8 * 3600): SessionTokens {
  return createSignedTokens({
    secret,
    audience: 'candor-recruiter',
    ttlSeconds,
    claims: sessionClaims,
    refusal: 'Your session is invalid or has expired; sign in again.',
  });
}

function cookieTokenOf(cookieHeader: string | undefined): string | undefined {
  for (const part of cookieHeader?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name === sessionCookieName) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Express middleware: a recruiter route needs a valid session. */
export function requireRecruiter(tokens: SessionTokens): RequestHandler {
  return (req, res, next) => {
    const token = bearerTokenOf(req) ?? cookieTokenOf(req.header('cookie'));
    if (!token) return next(new UnauthorizedError());
    try {
      res.locals.recruiter = tokens.verify(token);
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function recruiterOf(res: Response): SessionClaims {
  const recruiter = res.locals.recruiter as SessionClaims | undefined;
  if (!recruiter) throw new UnauthorizedError();
  return recruiter;
}
