// Candidate tokens: short-lived JWTs the invite service mints when a candidate opens a valid link
// (audience `candor-candidate`, subject = the session id), and the session service checks on each
// candidate request. The frontend exchanges the link for one on every request and never hands it to
// the browser, so a revoked link stops working on the next request; the session service also refuses
// a token minted for a link id the session no longer has.
import { createSecretKey } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { UnauthorizedError } from '../errors';

const issuer = 'candor';
const audience = 'candor-candidate';

export const candidateClaims = z.object({
  /** session id */
  sub: z.string(),
  org: z.string(),
  /** invite id */
  inv: z.string(),
  /** link id the token was minted from */
  lid: z.string(),
});
export type CandidateClaims = z.infer<typeof candidateClaims>;

export interface CandidateTokens {
  sign(claims: CandidateClaims): { token: string; expiresAt: string };
  verify(token: string): CandidateClaims;
}

export function createCandidateTokens(secret: string, ttlSeconds = 120): CandidateTokens {
  if (secret.length < 32) throw new Error('the session secret must have at least 32 characters');
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    sign(claims) {
      const token = jwt.sign(claims, key, { algorithm: 'HS256', issuer, audience, expiresIn: ttlSeconds });
      const { exp } = jwt.decode(token) as { exp: number };
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    verify(token) {
      let payload: unknown;
      try {
        payload = jwt.verify(token, key, { algorithms: ['HS256'], issuer, audience });
      } catch {
        throw new UnauthorizedError('This interview link is not valid.');
      }
      const claims = candidateClaims.safeParse(payload);
      if (!claims.success) throw new UnauthorizedError('This interview link is not valid.');
      return claims.data;
    },
  };
}

/** Express middleware for candidate routes: `Authorization: Bearer <candidate token>`. */
export function requireCandidate(tokens: CandidateTokens): RequestHandler {
  return (req, res, next) => {
    const header = req.header('authorization');
    if (!header?.startsWith('Bearer ')) return next(new UnauthorizedError('This interview link is not valid.'));
    try {
      res.locals.candidate = tokens.verify(header.slice('Bearer '.length).trim());
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function candidateOf(res: Response): CandidateClaims {
  const candidate = res.locals.candidate as CandidateClaims | undefined;
  if (!candidate) throw new UnauthorizedError('This interview link is not valid.');
  return candidate;
}
