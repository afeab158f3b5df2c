import { createUsedTokens } from './used-tokens';

describe('used room tokens', () => {
  it('lets each token id through once, for as long as it is remembered, and forgets old ones', () => {
    let clock = 0;
    const used = createUsedTokens({ keepMs: 120_000, now: () => clock });
    expect(used.spend('a')).toBe(true);
    expect(used.spend('a')).toBe(false);
    clock = 60_000;
    expect(used.spend('b')).toBe(true);
    clock = 119_000;
    expect(used.spend('a')).toBe(false);
    clock = 121_000;
    expect(used.spend('c')).toBe(true);
    expect(used.size).toBe(2); // 'a' was forgotten once no token with its id could still verify
  });
});
