// The identity service as a factory: the embedded server and the service's own main compose the
// same code with different adapters.
import type { Router } from 'express';
import { topics } from '@candor/contracts';
import type { EventStore, SessionTokens } from '@candor/runtime';
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
  tokens: SessionTokens;
  now?: () => Date;
}): IdentityService {
  const service = accounts({ store: deps.store, now: deps.now ?? (() => new Date()) });
  return { accounts: service, router: identityRoutes(service, deps.tokens) };
}
