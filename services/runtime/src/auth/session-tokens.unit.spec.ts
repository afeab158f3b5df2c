import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '../errors';
import { createSessionTokens } from './session-tokens';

const secret = 's'.repeat(40);
const claims = { sub: 'rec-1', org: 'org-a', orgName: 'Acme', name: 'Ada', email: 'ada@acme.test' };

describe('session tokens', () => {
  const tokens = createSessionTokens(secret, 60);

  it('round-trips the claims', () => {
    const { token, expiresAt } = tokens.sign(claims);
    expect(tokens.verify(token)).toEqual(claims);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
  });

  it('refuses a token signed with another secret, an alg:none token, an expired one and garbage', () => {
    const foreign = createSessionTokens('t'.repeat(40)).sign(claims).token;
    const unsigned = jwt.sign(claims, '', { algorithm: 'none', issuer: 'candor', audience: 'candor-recruiter' });
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret, {
      issuer: 'candor',
      audience: 'candor-recruiter',
    });
    for (const token of [foreign, unsigned, expired, 'not.a.token']) {
      expect(() => tokens.verify(token)).toThrow(UnauthorizedError);
    }
  });

  it('refuses a token with the right signature but missing claims', () => {
    const partial = jwt.sign({ sub: 'rec-1' }, secret, { issuer: 'candor', audience: 'candor-recruiter' });
    expect(() => tokens.verify(partial)).toThrow(UnauthorizedError);
  });
});
