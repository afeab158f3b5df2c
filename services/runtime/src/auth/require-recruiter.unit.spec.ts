// The recruiter session is read by hand (Bearer header, else the one session cookie): a few lines, where
// a cookie-parsing middleware (cookie-parser, declared once and never used, now gone) would parse every
// cookie of every request. These cases pin that reading down.
import type { Request, Response } from 'express';
import { sessionCookieName } from '@candor/contracts';
import { UnauthorizedError } from '../errors';
import { createSessionTokens, recruiterOf, requireRecruiter } from './index';

const tokens = createSessionTokens('s'.repeat(40), 60);
const claims = { sub: 'rec-1', org: 'org-a', orgName: 'Acme', name: 'Ada', email: 'ada@acme.test' };

/** Runs the middleware on these headers: what it passed to `next`, and the recruiter it left. */
function check(headers: Record<string, string>) {
  const req = { header: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
  const res = { locals: {} } as Response;
  let passed: unknown = 'not called';
  requireRecruiter(tokens)(req, res, (error?: unknown) => (passed = error));
  return { passed, recruiter: () => recruiterOf(res) };
}

describe('requireRecruiter', () => {
  const { token } = tokens.sign(claims);

  it('takes the session from a Bearer header', () => {
    const outcome = check({ authorization: `Bearer ${token}` });
    expect(outcome.passed).toBeUndefined();
    expect(outcome.recruiter()).toEqual(claims);
  });

  it('takes the session from its cookie among others, URL-encoded or not', () => {
    for (const cookie of [
      `theme=dark; ${sessionCookieName}=${token}; other=1`,
      `${sessionCookieName}=${encodeURIComponent(token)}`,
      `x_${sessionCookieName}=nope;${sessionCookieName}=${token}`,
    ]) {
      const outcome = check({ cookie });
      expect(outcome.passed).toBeUndefined();
      expect(outcome.recruiter()).toEqual(claims);
    }
  });

  it('refuses no session, a session in another cookie, and a forged one', () => {
    const refused: Record<string, string>[] = [
      {},
      { cookie: `other=${token}` },
      { cookie: `${sessionCookieName}=not.a.token` },
      { authorization: 'Bearer not.a.token' },
      { authorization: `Basic ${token}` },
    ];
    for (const headers of refused) {
      const outcome = check(headers);
      expect(outcome.passed).toBeInstanceOf(UnauthorizedError);
      expect(outcome.recruiter).toThrow(UnauthorizedError);
    }
  });
});
