// An organisation's share settings: the defaults (Quick Share, and where a custom link leaves a
// field out), which any recruiter of the organisation may set, and the ceilings no link may exceed,
// which only its admin may set (its founder: identity has no roles yet; share-settings.ts).
// `canSetCeilings` tells the settings page whether to offer the ceilings' form.
import { Router } from 'express';
import { shareCeilings, shareDefaults, type ShareSettingsView } from '@candor/contracts';
import {
  handleCommand,
  recruiterOf,
  requireRecruiter,
  route,
  type EventStore,
  type SessionTokens,
} from '@candor/runtime';
import {
  shareSettingsDecider,
  shareSettingsStream,
  type SetShareCeilings,
  type SetShareDefaults,
} from '../share-settings';
import { loadSettings } from './link-routes';

export function settingsRoutes(deps: { store: EventStore; tokens: SessionTokens; now: () => Date }): Router {
  const { store, now } = deps;
  const router = Router();
  router.use(requireRecruiter(deps.tokens));

  router.get(
    '/settings',
    route({}, async (_input, _req, res) => {
      const recruiter = recruiterOf(res);
      const { defaults, ceilings, admin } = await loadSettings(store, recruiter.org);
      const answer: ShareSettingsView = { defaults, ceilings, canSetCeilings: admin === recruiter.sub };
      return { body: answer };
    }),
  );

  async function set(organisationId: string, by: string, command: SetShareDefaults | SetShareCeilings) {
    const at = command.at;
    const outcome = await handleCommand(store, shareSettingsStream(organisationId), shareSettingsDecider, command, {
      occurredAt: at,
      actorId: by,
      organisationId,
    });
    const { defaults, ceilings, admin } = outcome.state;
    const answer: ShareSettingsView = { defaults, ceilings, canSetCeilings: admin === by };
    return { body: answer };
  }

  router.put(
    '/settings/defaults',
    route({ body: shareDefaults }, async ({ body }, _req, res) => {
      const recruiter = recruiterOf(res);
      return set(recruiter.org, recruiter.sub, {
        type: 'SetShareDefaults',
        organisationId: recruiter.org,
        defaults: body,
        by: recruiter.sub,
        at: now().toISOString(),
      });
    }),
  );
  router.put(
    '/settings/ceilings',
    route({ body: shareCeilings }, async ({ body }, _req, res) => {
      const recruiter = recruiterOf(res);
      return set(recruiter.org, recruiter.sub, {
        type: 'SetShareCeilings',
        organisationId: recruiter.org,
        ceilings: body,
        by: recruiter.sub,
        at: now().toISOString(),
      });
    }),
  );
  return router;
}
