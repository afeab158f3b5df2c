// Slows password guessing and mass sign-ups, counted where every identity replica sees it (the
// service's database, when the composition gives a store):
// - failed log-ins per (client address, account): 10 in 15 minutes, then 429 for that pair. Keyed on
//   both so a stranger guessing at someone's account uses up only their own budget: the owner, from
//   their own address, can still log in.
// - failed log-ins per client address, whatever the account: 50 in 15 minutes (one address spraying
//   passwords across many accounts).
// - sign-ups per client address: 20 an hour.
// The client address is the one the frontend forwards (X-Forwarded-For), believed from the proxies
// TRUST_PROXY names; the account is hashed, so the counters hold no email address.
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { sendProblem, type RateLimitStores } from '@candor/runtime';

export interface IdentityRateLimits {
  /** failed log-ins per address and account */
  perAccount: { windowMs: number; limit: number };
  /** failed log-ins per address, all accounts */
  perAddress: { windowMs: number; limit: number };
  /** sign-ups per address */
  signUps: { windowMs: number; limit: number };
}

export const defaultIdentityRateLimits: IdentityRateLimits = {
  perAccount: { windowMs: 15 * 60_000, limit: 10 },
  perAddress: { windowMs: 15 * 60_000, limit: 50 },
  signUps: { windowMs: 60 * 60_000, limit: 20 },
};

const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? '');
const accountOf = (req: Request) => {
  const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
  return createHash('sha256').update(email).digest('base64url');
};

function limit(
  { windowMs, limit: max }: { windowMs: number; limit: number },
  options: { failuresOnly: boolean; key: (req: Request) => string; store?: Store; detail: string },
): RequestHandler {
  return rateLimit({
    windowMs,
    limit: max,
    ...(options.store ? { store: options.store } : {}),
    skipSuccessfulRequests: options.failuresOnly,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: options.key,
    handler: (_req, res) => sendProblem(res, 429, 'Too many attempts', options.detail),
  });
}

/** In front of log-in: per address and account, then per address. */
export function loginLimits(limits: IdentityRateLimits = defaultIdentityRateLimits, stores?: RateLimitStores): RequestHandler[] {
  return [
    limit(limits.perAccount, {
      failuresOnly: true,
      key: (req) => `${addressOf(req)}|${accountOf(req)}`,
      store: stores?.('login-account'),
      detail: 'Too many failed log-ins for this account; wait a few minutes and try again.',
    }),
    limit(limits.perAddress, {
      failuresOnly: true,
      key: addressOf,
      store: stores?.('login-address'),
      detail: 'Too many failed log-ins from this address; wait a few minutes and try again.',
    }),
  ];
}

/** In front of sign-up: per address. */
export function signUpLimit(limits: IdentityRateLimits = defaultIdentityRateLimits, stores?: RateLimitStores): RequestHandler {
  return limit(limits.signUps, {
    failuresOnly: false,
    key: addressOf,
    store: stores?.('signup-address'),
    detail: 'Too many sign-ups from this address; wait an hour and try again.',
  });
}
