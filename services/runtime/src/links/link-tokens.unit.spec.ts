import { createHmac, randomUUID } from 'node:crypto';
import { createLinkTokens, generateLinkKeys, parseLinkKeys, purposeKey } from './link-tokens';

describe('link tokens', () => {
  const subject = randomUUID();
  const tokens = createLinkTokens(parseLinkKeys(generateLinkKeys('k2')));

  test('a token verifies for its link only, and names its subject', () => {
    const linkId = tokens.newLinkId();
    const token = tokens.tokenFor('invite', subject, linkId);
    expect(token).toMatch(/^k2\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(tokens.subjectOf(token)).toBe(subject);
    expect(tokens.verify(token, 'invite', subject, linkId)).toBe(true);
    expect(tokens.verify(token, 'invite', subject, tokens.newLinkId())).toBe(false);
    expect(tokens.verify(token, 'host', subject, linkId)).toBe(false);
    expect(tokens.verify(token, 'invite', randomUUID(), linkId)).toBe(false);
  });

  test("match says which of a subject's links a token is: current, retired or none", () => {
    const [old, current, other] = [tokens.newLinkId(), tokens.newLinkId(), tokens.newLinkId()];
    const links = { current, retired: [old] };
    const match = (linkId: string, purpose = 'invite') =>
      tokens.match(tokens.tokenFor(purpose, subject, linkId), 'invite', subject, links);
    expect(match(current)).toEqual({ kind: 'current', linkId: current });
    expect(match(old)).toEqual({ kind: 'retired' });
    expect(match(other)).toEqual({ kind: 'none' });
    expect(match(current, 'host')).toEqual({ kind: 'none' });
    // a revoked subject has no current link: its last link is retired
    expect(tokens.match(tokens.tokenFor('invite', subject, old), 'invite', subject, { current: null, retired: [old] })).toEqual({
      kind: 'retired',
    });
  });

  test('link ids carry 128 random bits and never repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => tokens.newLinkId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });

  test('one changed character, a foreign key or a malformed token is refused', () => {
    const linkId = tokens.newLinkId();
    const token = tokens.tokenFor('invite', subject, linkId);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect(tokens.verify(tampered, 'invite', subject, linkId)).toBe(false);
    // the last character holds 2 padding bits: its other spellings decode to the same bytes, and are refused
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const lastIndex = alphabet.indexOf(token.at(-1)!);
    for (const other of [...alphabet].filter((char, index) => index !== lastIndex && index >> 2 === lastIndex >> 2)) {
      expect(tokens.verify(`${token.slice(0, -1)}${other}`, 'invite', subject, linkId)).toBe(false);
    }
    const other = createLinkTokens(parseLinkKeys(generateLinkKeys('k2')));
    expect(other.verify(token, 'invite', subject, linkId)).toBe(false);
    for (const bad of [
      '',
      'k2',
      `${token}x`,
      token.replace('k2.', 'K2.'),
      token.replace(/\./g, '-'),
      '../../etc/passwd',
    ]) {
      expect(tokens.verify(bad, 'invite', subject, linkId)).toBe(false);
      expect(tokens.subjectOf(bad)).toBeNull();
    }
  });

  test('keys rotate: tokens of an older key verify while it is listed, new tokens use the first key', () => {
    const old = generateLinkKeys('k1');
    const before = createLinkTokens(parseLinkKeys(old));
    const linkId = before.newLinkId();
    const oldToken = before.tokenFor('invite', subject, linkId);
    const rotated = createLinkTokens(parseLinkKeys(`${generateLinkKeys('k2')},${old}`));
    expect(rotated.verify(oldToken, 'invite', subject, linkId)).toBe(true);
    expect(rotated.tokenFor('invite', subject, linkId)).toMatch(/^k2\./);
    const dropped = createLinkTokens(parseLinkKeys(generateLinkKeys('k2')));
    expect(dropped.verify(oldToken, 'invite', subject, linkId)).toBe(false);
  });

  test('every purpose MACs under its own key: a value made for one purpose does not verify for another', () => {
    const [key] = parseLinkKeys(generateLinkKeys('k3'));
    const per = createLinkTokens([key!]);
    const linkId = per.newLinkId();
    const invite = per.tokenFor('invite', subject, linkId);
    expect(per.verify(invite, 'invite', subject, linkId)).toBe(true);
    for (const other of ['live-candidate', 'live-host', 'share-link']) expect(per.verify(invite, other, subject, linkId)).toBe(false);
    // the keys themselves differ per purpose and per secret, and none is the configured secret
    const [second] = parseLinkKeys(generateLinkKeys('k4'));
    const derived = [purposeKey(key!.secret, 'link:invite'), purposeKey(key!.secret, 'link:share-link'), purposeKey(second!.secret, 'link:invite')];
    expect(new Set(derived.map((buffer) => buffer.toString('hex'))).size).toBe(3);
    expect(derived.some((buffer) => buffer.equals(key!.secret))).toBe(false);
    // a MAC made under the secret itself (with the new message shape) is not a token for any purpose
    const [, subjectPart] = invite.split('.');
    const raw = createHmac('sha256', key!.secret).update(`${subjectPart}|${linkId}`).digest('base64url');
    expect(per.verify(`k3.${subjectPart}.${raw}`, 'invite', subject, linkId)).toBe(false);
  });

  test('tokens of the earlier scheme (MAC under the secret, purpose in the message) still open their own link only', () => {
    const [key] = parseLinkKeys(generateLinkKeys('k5'));
    const per = createLinkTokens([key!]);
    const linkId = per.newLinkId();
    const [, subjectPart] = per.tokenFor('invite', subject, linkId).split('.');
    const legacy = `k5.${subjectPart}.${createHmac('sha256', key!.secret).update(`candor-link:v1|invite|${subjectPart}|${linkId}`).digest('base64url')}`;
    expect(per.verify(legacy, 'invite', subject, linkId)).toBe(true);
    expect(per.verify(legacy, 'live-host', subject, linkId)).toBe(false);
    expect(per.verify(legacy, 'invite', subject, per.newLinkId())).toBe(false);
  });

  test('bad key configuration is refused with a message', () => {
    expect(() => parseLinkKeys('')).toThrow(/at least one/);
    expect(() => parseLinkKeys('k1:short')).toThrow(/32 bytes/);
    expect(() => parseLinkKeys('K 1:' + Buffer.alloc(32).toString('base64'))).toThrow(/kid/);
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(() => parseLinkKeys(`k1:${key},k1:${key}`)).toThrow(/unique/);
  });
});
