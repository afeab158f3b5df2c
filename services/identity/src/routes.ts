// HTTP routes of the identity service, mounted under /api/identity.
import { Router } from 'express';
import {
  addColleagueRequest,
  consistencyToken,
  logInRequest,
  signUpRequest,
  type RecruiterView,
  type SessionResponse,
} from '@candor/contracts';
import { z } from 'zod';
import { recruiterOf, requireRecruiter, route, type RateLimitStores, type SessionTokens } from '@candor/runtime';
import type { Accounts } from './accounts';
import { loginLimits, signUpLimit, type IdentityRateLimits } from './login-limit';
import type { SessionDenyList } from './session-deny-list';

export function identityRoutes(
  accounts: Accounts,
  tokens: SessionTokens,
  denyList: SessionDenyList,
  now: () => Date,
  limits?: { rateLimits?: IdentityRateLimits; stores?: RateLimitStores },
): Router {
  const router = Router();
  const session = async (recruiter: RecruiterView): Promise<SessionResponse> => ({
    recruiter,
    ...(await tokens.sign({
      sub: recruiter.id,
      org: recruiter.organisationId,
      orgName: recruiter.organisationName,
      name: recruiter.name,
      email: recruiter.email,
    })),
  });

  router.post(
    '/signup',
    signUpLimit(limits?.rateLimits, limits?.stores),
    route({ body: signUpRequest }, async ({ body }) => {
      const { recruiter, streamId, position } = await accounts.signUp(body);
      const result = { id: recruiter.id, streamId, position, waitFor: consistencyToken(streamId, position) };
      return { status: 201, body: { ...(await session(recruiter)), result } };
    }),
  );

  router.post(
    '/login',
    ...loginLimits(limits?.rateLimits, limits?.stores),
    route({ body: logInRequest }, async ({ body }) => ({ body: await session(await accounts.logIn(body)) })),
  );

  // a colleague joins the caller's organisation (the caller's session names it; never the body)
  router.post(
    '/colleagues',
    requireRecruiter(tokens),
    route({ body: addColleagueRequest }, async ({ body }, _req, res) => {
      const claims = recruiterOf(res);
      const added = await accounts.addColleague({ recruiterId: claims.sub, organisationId: claims.org }, body);
      const result = {
        id: added.recruiter.id,
        streamId: added.streamId,
        position: added.position,
        waitFor: consistencyToken(added.streamId, added.position),
      };
      return { status: 201, body: { recruiter: added.recruiter, result } };
    }),
  );

  router.get(
    '/me',
    requireRecruiter(tokens),
    route({}, async (_input, _req, res) => {
      const claims = recruiterOf(res);
      const recruiter: RecruiterView = {
        id: claims.sub,
        name: claims.name,
        email: claims.email,
        organisationId: claims.org,
        organisationName: claims.orgName,
      };
      return { body: { recruiter } };
    }),
  );

  // Log-out: the session's token id goes on the deny list; every service refuses it from then on
  router.post(
    '/logout',
    requireRecruiter(tokens),
    route({}, async (_input, _req, res) => {
      await denyList.revoke(recruiterOf(res), now());
      return { status: 204 };
    }),
  );

  // What the other services ask before accepting a session (a token id is random: this reveals nothing)
  router.get(
    '/sessions/:jti/revoked',
    route({ params: z.strictObject({ jti: z.string().min(1).max(100) }) }, async ({ params }) => ({
      body: { revoked: await denyList.isRevoked(params.jti, 0) },
    })),
  );
  return router;
}
