// The JWT mechanics the token modules share (session-tokens, live-tokens, room-tokens): HS256 with a
// process-wide key object, the algorithm, issuer and audience pinned on verify (so a token of another
// kind, or `alg: none`, is refused), and the claims validated against their schema. The kinds differ
// in audience, lifetime, claims and the words of the refusal — and each kind's module is the one
// place that chooses its key: moving an issuer to its own asymmetric key with a key id (issue 12)
// changes the key a module passes here and this file's algorithm, not the callers.
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { z } from 'zod';
import { UnauthorizedError } from '../errors';

const issuer = 'candor';

export interface SignedTokens<Claims> {
  sign(claims: Claims): { token: string; expiresAt: string };
  verify(token: string): Claims;
}

export function createSignedTokens<Schema extends z.ZodType<object>>(options: {
  secret: string;
  audience: string;
  ttlSeconds: number;
  claims: Schema;
  /** what a refused token is told */
  refusal: string;
}): SignedTokens<z.output<Schema>> {
  const { secret, audience, ttlSeconds, claims, refusal } = options;
  if (secret.length < 32) throw new Error('the session secret must have at least 32 characters');
  // One KeyObject for the process: given a string, jsonwebtoken builds a new key on every call.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    sign(payload) {
      const token = jwt.sign(payload, key, { algorithm: 'HS256', issuer, audience, expiresIn: ttlSeconds });
      const { exp } = jwt.decode(token) as { exp: number };
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    verify(token) {
      let payload: unknown;
      try {
        payload = jwt.verify(token, key, { algorithms: ['HS256'], issuer, audience });
      } catch {
        throw new UnauthorizedError(refusal);
      }
      const parsed = claims.safeParse(payload);
      if (!parsed.success) throw new UnauthorizedError(refusal);
      return parsed.data;
    },
  };
}
