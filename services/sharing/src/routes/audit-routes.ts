// The organisation's share audit log, exported as JSON lines (one entry a line, oldest first) for
// `npm run audit:verify`. The `Candor-Audit-Head` header names the last entry's hash, so a verifier
// can also tell a log cut short at its end.
import { Router } from 'express';
import { recruiterOf, requireRecruiter, type EventStore, type SessionTokens } from '@candor/runtime';
import { auditLogStream, type AuditLogEvent } from '../audit/audit-log';
import { genesisHash } from '../audit/chain';

export function auditRoutes(deps: { store: EventStore; tokens: SessionTokens }): Router {
  const router = Router();
  router.get('/audit/export', requireRecruiter(deps.tokens), async (_req, res, next) => {
    try {
      const events = await deps.store.readStream(auditLogStream(recruiterOf(res).org));
      const entries = events.map((event) => (event.data as AuditLogEvent['data']).entry);
      res.setHeader('Content-Type', 'application/jsonl; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="share-audit.jsonl"');
      res.setHeader('Candor-Audit-Head', entries.at(-1)?.hash ?? genesisHash);
      res.setHeader('Cache-Control', 'no-store');
      res.send(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
