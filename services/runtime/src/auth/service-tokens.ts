// Service-to-service tokens: how one Candor service proves to another that it is a Candor service
// (the recording service asking the media service for a participant's RTP, for one). Signed with
// the shared secret like every other token here, under their own audience (`candor-service`), so
// no recruiter, candidate or room token is ever accepted in their place, nor one of these in theirs.
// The claim names the calling service; a route may accept only the callers it expects.
// The shared secret is a stopgap: DESIGN.md wants each issuer to sign with its own private key.
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { bearerTokenOf } from './bearer';
import { createSignedTokens, type SignedTokens } from './signed-tokens';

export const serviceClaims = z.object({
  /** the calling service's name, e.g. 'recording' */
  sub: z.string().min(1),
});
export type ServiceClaims = z.infer<typeof serviceClaims>;
export type ServiceTokens = SignedTokens<ServiceClaims>;

export function createServiceTokens(secret: string, ttlSeconds = 300): ServiceTokens {
  return createSignedTokens({
    secret,
    audience: 'candor-service',
    ttlSeconds,
    claims: serviceClaims,
    refusal: 'This service token is not valid.',
  });
}

/** Express middleware: a valid service token (Authorization: Bearer) from one of `callers`. */
export function requireService(tokens: ServiceTokens, callers: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const token = bearerTokenOf(req);
    if (!token) return next(new UnauthorizedError('A service token is required.'));
    try {
      const claims = tokens.verify(token);
      if (!callers.includes(claims.sub)) throw new ForbiddenError(`The ${claims.sub} service may not call this.`);
      res.locals.service = claims;
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function serviceOf(res: Response): ServiceClaims {
  const service = res.locals.service as ServiceClaims | undefined;
  if (!service) throw new UnauthorizedError();
  return service;
}
