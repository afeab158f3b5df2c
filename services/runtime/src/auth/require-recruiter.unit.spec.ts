// The recruiter session is read from the Bearer header only: a service never reads a cookie, so a
// page of another origin cannot make a browser send a recruiter's credentials to the API (CSRF).
import type { Request, Response } from 'express';
import { sessionCookieName } from '@candor/contracts';
import { UnauthorizedError } from '../errors';
import { createSessionTokens, generateSigningKey, ownTokenKeys, recruiterOf, requireRecruiter, tokenIssuers, type SessionTokens } from './index';

const claims = { sub: 'rec-1', org: 'org-a', orgName: 'Acme', name: 'Ada', email: 'ada@acme.test' };
let tokens: SessionTokens;
let token: string;
beforeAll(async () => {
  tokens = createSessionTokens(await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]));
  ({ token } = await tokens.sign(claims));
});

/** Runs the middleware on these headers: what it passed to `next`, and the recruiter it left. */
async function check(headers: Record<string, string>) {
  const req = { header: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
  const res = { locals: {} } as Response;
  const passed = await new Promise<unknown>((resolve) => requireRecruiter(tokens)(req, res, resolve));
  return { passed, recruiter: () => recruiterOf(res) };
}

describe('requireRecruiter', () => {
  it('takes the session from a Bearer header', async () => {
    const outcome = await check({ authorization: `Bearer ${token}` });
    expect(outcome.passed).toBeUndefined();
    expect(outcome.recruiter()).toMatchObject(claims);
  });

  it('refuses no session, a session in a cookie (even the session cookie), and a forged one', async () => {
    const refused: Record<string, string>[] = [
      {},
      { cookie: `${sessionCookieName}=${token}` },
      { cookie: `other=${token}` },
      { authorization: 'Bearer not.a.token' },
      { authorization: `Basic ${token}` },
    ];
    for (const headers of refused) {
      const outcome = await check(headers);
      expect(outcome.passed).toBeInstanceOf(UnauthorizedError);
      expect(outcome.recruiter).toThrow(UnauthorizedError);
    }
  });
});
