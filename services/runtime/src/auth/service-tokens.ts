// Service-to-service tokens: how one Candor service proves to another that it is that service (the
// recording service asking the media service for a participant's RTP, for one). Like every other
// token here they are signed by their issuer's own private key (the calling service is the issuer:
// `candor-recording`) under their own audience (`candor-service`), so no recruiter, candidate or
// room token is ever accepted in their place, nor one of these in theirs — and holding the recording
// service's key mints nothing but recording's service tokens. The verifier (media) checks them with
// the caller's public keys (its JWKS document or the keys given inline).
// The claim names the calling service (it must match the issuer); a route accepts only the callers
// it expects.
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { bearerTokenOf } from './bearer';
import { createSignedTokens, type SignedTokens, type TokenKeys } from './signed-tokens';

export const serviceClaims = z.object({
  /** the calling service's name, e.g. 'recording' */
  sub: z.string().min(1),
});
export type ServiceClaims = z.infer<typeof serviceClaims>;
export type ServiceTokens = SignedTokens<ServiceClaims>;

/** Service tokens of one issuer (the calling service): it signs with its keys, a verifier checks with the public halves. */
export function createServiceTokens(keys: TokenKeys, ttlSeconds = 300): ServiceTokens {
  const signed = createSignedTokens({
    keys,
    audience: 'candor-service',
    ttlSeconds,
    claims: serviceClaims,
    refusal: 'This service token is not valid.',
  });
  const caller = keys.verifying.issuer.replace(/^candor-/, '');
  return {
    async sign(claims) {
      if (claims.sub !== caller) throw new Error(`the ${caller} service signs its own service tokens only`);
      return signed.sign(claims);
    },
    async verify(token) {
      const claims = await signed.verify(token);
      // an issuer vouches for itself only
      if (claims.sub !== caller) throw new UnauthorizedError('This service token is not valid.');
      return claims;
    },
  };
}

/** Express middleware: a valid service token (Authorization: Bearer) from one of `callers`. */
export function requireService(tokens: ServiceTokens, callers: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const token = bearerTokenOf(req);
    if (!token) return next(new UnauthorizedError('A service token is required.'));
    tokens.verify(token).then(
      (claims) => {
        if (!callers.includes(claims.sub)) return next(new ForbiddenError(`The ${claims.sub} service may not call this.`));
        res.locals.service = claims;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

export function serviceOf(res: Response): ServiceClaims {
  const service = res.locals.service as ServiceClaims | undefined;
  if (!service) throw new UnauthorizedError();
  return service;
}
