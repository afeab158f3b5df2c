// The identity service as a factory: the embedded server and the service's own main compose the
// same code with different adapters.
import { Router } from 'express';
import { topics } from '@candor/contracts';
import { jwksRoute, type EventStore, type RateLimitStores, type SessionTokens, type SigningKeys } from '@candor/runtime';
import type { IdentityRateLimits } from './login-limit';
import { sessionDenyList, type SessionDenyList } from './session-deny-list';
import { accounts, type Accounts } from './accounts';
import { identityRoutes } from './routes';

export const identityService = {
  name: 'identity',
  schema: 'identity',
  topic: topics.identity,
  mountPath: '/api/identity',
} as const;

export interface IdentityService {
  accounts: Accounts;
  router: Router;
}

export function createIdentityService(deps: {
  store: EventStore;
  /** makes sessions from the identity service's own keys; told which ones were logged out */
  tokens: (revocations: SessionDenyList) => SessionTokens;
  /** the public keys the other services verify sessions with (served as a JWKS document) */
  signing: SigningKeys;
  now?: () => Date;
  /** log-in and sign-up limits (defaults in login-limit.ts) and where they count */
  rateLimits?: IdentityRateLimits;
  rateLimitStores?: RateLimitStores;
}): IdentityService {
  const now = deps.now ?? (() => new Date());
  const service = accounts({ store: deps.store, now });
  const denyList = sessionDenyList(deps.store);
  const router = Router();
  router.get('/.well-known/jwks.json', jwksRoute(deps.signing));
  router.use(
    identityRoutes(service, deps.tokens(denyList), denyList, now, { rateLimits: deps.rateLimits, stores: deps.rateLimitStores }),
  );
  return { accounts: service, router };
}
