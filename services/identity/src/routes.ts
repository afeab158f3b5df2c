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
import { recruiterOf, requireRecruiter, route, type SessionTokens } from '@candor/runtime';
import type { Accounts } from './accounts';
import { loginLimit } from './login-limit';

export function identityRoutes(accounts: Accounts, tokens: SessionTokens): Router {
  const router = Router();
  const session = (recruiter: RecruiterView): SessionResponse => ({
    recruiter,
    ...tokens.sign({
      sub: recruiter.id,
      org: recruiter.organisationId,
      orgName: recruiter.organisationName,
      name: recruiter.name,
      email: recruiter.email,
    }),
  });

  router.post(
    '/signup',
    route({ body: signUpRequest }, async ({ body }) => {
      const { recruiter, streamId, position } = await accounts.signUp(body);
      const result = { id: recruiter.id, streamId, position, waitFor: consistencyToken(streamId, position) };
      return { status: 201, body: { ...session(recruiter), result } };
    }),
  );

  router.post(
    '/login',
    loginLimit(),
    route({ body: logInRequest }, async ({ body }) => ({ body: session(await accounts.logIn(body)) })),
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
  return router;
}
