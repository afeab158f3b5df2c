// Candidate tokens: short-lived JWTs the invite service mints when a candidate opens a valid link
// (audience `candor-candidate`, subject = the session id), and the session service checks on each
// candidate request. The frontend exchanges the link for one on every request and never hands it to
// the browser, so a revoked link stops working on the next request; the session service also refuses
// a token minted for a link id the session no longer has.
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { UnauthorizedError } from '../errors';
import { createSignedTokens, type SignedTokens } from './signed-tokens';

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

export type CandidateTokens = SignedTokens<CandidateClaims>;

export function createCandidateTokens(secret: string, ttlSeconds = 120): CandidateTokens {
  return createSignedTokens({
    secret,
    audience: 'candor-candidate',
    ttlSeconds,
    claims: candidateClaims,
    refusal: 'This interview link is not valid.',
  });
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
