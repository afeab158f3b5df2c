import { createLinkTokens, generateLinkKeys, parseLinkKeys } from '@candor/runtime';
import { createShareTokens } from './share-tokens';

const keys = parseLinkKeys(generateLinkKeys('k1'));
const tokens = createShareTokens(keys);
const shareLinkId = '0b6f3c1e-6a7d-4e2b-9c3f-1d2e3f4a5b6c';

describe('share tokens', () => {
  it('derives a token from the link id that verifies for that link only', () => {
    const linkId = tokens.newRandomId();
    expect(Buffer.from(linkId, 'base64url')).toHaveLength(16);
    const token = tokens.tokenFor(shareLinkId, linkId);
    expect(tokens.shareLinkOf(token)).toBe(shareLinkId);
    expect(tokens.verify(token, shareLinkId, linkId)).toBe(true);
    expect(tokens.verify(token, shareLinkId, tokens.newRandomId())).toBe(false);
    expect(token).not.toContain(linkId);
  });
  it('refuses forged, tampered and non-canonical tokens, and tokens under an unknown key', () => {
    const linkId = tokens.newRandomId();
    const token = tokens.tokenFor(shareLinkId, linkId);
    const mac = token.split('.')[2]!;
    const flipped = `${token.slice(0, -mac.length)}${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    expect(tokens.verify(flipped, shareLinkId, linkId)).toBe(false);
    // the last character of 43 carries 2 spare bits: a different spelling of the same bytes is refused
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const alias = alphabet[alphabet.indexOf(mac.at(-1)!) ^ 1]!;
    expect(Buffer.from(`${mac.slice(0, -1)}${alias}`, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    expect(tokens.verify(`${token.slice(0, -1)}${alias}`, shareLinkId, linkId)).toBe(false);
    const otherKey = createShareTokens(parseLinkKeys(generateLinkKeys('k2')));
    expect(tokens.verify(otherKey.tokenFor(shareLinkId, linkId), shareLinkId, linkId)).toBe(false);
    expect(tokens.shareLinkOf('not a token')).toBeNull();
  });
  it('keeps verifying tokens of an older key while it is listed (rotation)', () => {
    const linkId = tokens.newRandomId();
    const old = tokens.tokenFor(shareLinkId, linkId);
    const rotated = createShareTokens([...parseLinkKeys(generateLinkKeys('k2')), ...keys]);
    expect(rotated.verify(old, shareLinkId, linkId)).toBe(true);
    expect(rotated.tokenFor(shareLinkId, linkId).startsWith('k2.')).toBe(true);
  });
  it('is its own purpose: an invite or live token of the same ids does not open a share link', () => {
    const linkId = tokens.newRandomId();
    const links = createLinkTokens(keys);
    expect(tokens.verify(links.tokenFor('invite', shareLinkId, linkId), shareLinkId, linkId)).toBe(false);
    expect(tokens.verify(links.tokenFor('live-candidate', shareLinkId, linkId), shareLinkId, linkId)).toBe(false);
  });
});

describe('viewing passes', () => {
  it('prove one viewing session of one link', () => {
    const sessionId = tokens.newRandomId();
    const pass = tokens.passFor(shareLinkId, sessionId);
    expect(tokens.viewingSessionOf(pass, shareLinkId)).toBe(sessionId);
    expect(tokens.viewingSessionOf(pass, '1b6f3c1e-6a7d-4e2b-9c3f-1d2e3f4a5b6c')).toBeNull();
    const [kid, , mac] = pass.split('.');
    expect(tokens.viewingSessionOf(`${kid}.${tokens.newRandomId()}.${mac}`, shareLinkId)).toBeNull();
    expect(tokens.viewingSessionOf('k9.' + pass.slice(3), shareLinkId)).toBeNull();
    expect(tokens.viewingSessionOf('', shareLinkId)).toBeNull();
  });
});
