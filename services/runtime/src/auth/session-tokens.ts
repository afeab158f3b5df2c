// Recruiter session tokens: JWTs (issuer `candor-identity`, audience `candor-recruiter`, 8 hours)
// the identity service signs with its own private key at log-in and sign-up, and every service
// checks on every recruiter request with the identity service's public keys. Each token has an id
// (`jti`); log-out puts it on the identity service's deny list, which verifiers ask about
// (session-revocations.ts), so a logged-out token stops working everywhere. A verified token's
// signature check is remembered for up to a minute (verified-token-cache.ts); its expiry and the
// deny list are checked on every request all the same.
//
// Only the `Authorization: Bearer` header carries one to a service (the frontend's server sends it
// from its HttpOnly cookie): a service never reads a cookie, so a page of another origin cannot make
// a browser send a recruiter's credentials to the API (no CSRF). The verified claims land in
// `res.locals.recruiter`; every read and write below is scoped to `recruiter.org`.
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { sessionClaims, type SessionClaims } from '@candor/contracts';
import { UnauthorizedError } from '../errors';
import { recruiterGuardKey } from '../http/openapi';
import { bearerTokenOf } from './bearer';
import type { SessionRevocations } from './session-revocations';
import { createSignedTokens, type TokenKeys } from './signed-tokens';
import { createVerifiedTokenCache } from './verified-token-cache';

const verifiedSession = sessionClaims.extend({ jti: z.string().min(1), exp: z.number().int() });
/** A verified session: the recruiter's claims, the token's id and its expiry (seconds). */
export type VerifiedSession = z.infer<typeof verifiedSession>;

export interface SessionTokens {
  /** A session for this recruiter (a fresh `jti` every time). */
  sign(claims: SessionClaims): Promise<{ token: string; expiresAt: string }>;
  /** The session, or 401 when the token is not valid, has expired or was logged out. */
  verify(token: string): Promise<VerifiedSession>;
}

const refusal = 'Your session is invalid or has expired; sign in again.';

export function createSessionTokens(
  keys: TokenKeys,
  options: {
    revocations?: SessionRevocations;
    ttlSeconds?: number;
    /**
     * Remember verified tokens (verified-token-cache.ts: expiry and the deny list are still checked
     * on every request; an entry is trusted ≤ 1 minute). Default on; `false` checks every signature.
     */
    cache?: boolean | { maxEntries?: number; maxAgeMs?: number; now?: () => number };
  } = {},
): SessionTokens {
  const signed = createSignedTokens({
    keys,
    audience: 'candor-recruiter',
    ttlSeconds: options.ttlSeconds ?? 8 * 3600,
    claims: verifiedSession,
    refusal,
  });
  const cache =
    options.cache === false
      ? undefined
      : createVerifiedTokenCache<VerifiedSession>(typeof options.cache === 'object' ? options.cache : {});
  return {
    // `exp` is set by the signing itself; the claims schema is what a verified token holds
    sign: (claims) => signed.sign({ ...claims, jti: randomUUID() } as VerifiedSession),
    async verify(token) {
      const cached = cache?.get(token) ?? { state: 'miss' };
      if (cached.state === 'expired') throw new UnauthorizedError(refusal);
      let session: VerifiedSession;
      if (cached.state === 'valid') session = cached.value;
      else {
        session = await signed.verify(token);
        cache?.remember(token, session);
      }
      // on every request, cached or not: a logged-out session stops working (session-revocations.ts)
      if (await options.revocations?.isRevoked(session.jti, session.exp)) throw new UnauthorizedError(refusal);
      return session;
    },
  };
}

/** Express middleware: a recruiter route needs a valid session, as a Bearer token. */
export function requireRecruiter(tokens: SessionTokens): RequestHandler {
  const guard: RequestHandler = (req, res, next) => {
    const token = bearerTokenOf(req);
    if (!token) return next(new UnauthorizedError());
    tokens.verify(token).then(
      (session) => {
        res.locals.recruiter = session;
        next();
      },
      (error: unknown) => next(error),
    );
  };
  // the OpenAPI document marks the routes behind this guard as needing a recruiter session
  return Object.assign(guard, { [recruiterGuardKey]: true });
}

export function recruiterOf(res: Response): VerifiedSession {
  const recruiter = res.locals.recruiter as VerifiedSession | undefined;
  if (!recruiter) throw new UnauthorizedError();
  return recruiter;
}
