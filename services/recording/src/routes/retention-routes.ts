// The organisation's retention period, mounted at /api/recording/retention: read it (180 days until
// someone chooses) and set it. Any recruiter of the organisation may; the change applies to every
// recording, past ones included (see retention/retention.ts).
import { Router } from 'express';
import { setRetentionRequest, type RetentionView } from '@candor/contracts';
import {
  handleCommand,
  recruiterOf,
  requireRecruiter,
  route,
  type EventStore,
  type SessionTokens,
} from '@candor/runtime';
import { loadRetention, retentionDecider, retentionStream } from '../retention';

export function retentionRoutes(deps: { store: EventStore; sessions: SessionTokens; now: () => Date }): Router {
  const router = Router();
  router.use(requireRecruiter(deps.sessions));

  router.get(
    '/',
    route({}, async (_input, _req, res) => {
      const body: RetentionView = await loadRetention(deps.store, recruiterOf(res).org);
      return { body };
    }),
  );

  router.put(
    '/',
    route({ body: setRetentionRequest }, async ({ body }, _req, res) => {
      const { org, sub } = recruiterOf(res);
      const at = deps.now().toISOString();
      const outcome = await handleCommand(
        deps.store,
        retentionStream(org),
        retentionDecider,
        { type: 'SetRetention', organisationId: org, days: body.days, by: sub, at },
        { occurredAt: at, actorId: sub, organisationId: org },
      );
      const view: RetentionView = outcome.state;
      return { body: view };
    }),
  );
  return router;
}
