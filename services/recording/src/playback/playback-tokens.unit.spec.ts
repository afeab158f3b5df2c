// Playback tokens: bound to one recording and one viewer, at most five minutes, and refused when
// expired, tampered with (any byte, any other spelling), for another recording or under an unknown key.
import { generateLinkKeys, parseLinkKeys } from '@candor/runtime';
import { createPlaybackTokens, type Viewer } from './playback-tokens';

const keys = parseLinkKeys(`${generateLinkKeys('k2')},${generateLinkKeys('k1')}`);
const tokens = createPlaybackTokens(keys);
const recordingId = '0b1f8a2c-3d4e-4f50-8a61-7b8c9d0e1f20';
const otherRecording = '0b1f8a2c-3d4e-4f50-8a61-7b8c9d0e1f21';
const viewer: Viewer = { kind: 'recruiter', organisationId: 'org-a', userId: 'user-1' };
const now = new Date('2026-11-01T10:00:00.000Z');

it('verifies what it issued, naming the viewer, for up to five minutes', () => {
  const { token, expiresAt } = tokens.issue(recordingId, viewer, now);
  expect(expiresAt.toISOString()).toBe('2026-11-01T10:05:00.000Z');
  expect(tokens.verify(token, recordingId, new Date('2026-11-01T10:04:59.000Z'))).toEqual({
    ok: true,
    viewer,
    expiresAt,
  });
  expect(tokens.verify(token, recordingId, new Date('2026-11-01T10:05:00.000Z'))).toEqual({
    ok: false,
    reason: 'expired',
  });
});

it('never issues one longer than five minutes', () => {
  expect(tokens.issue(recordingId, viewer, now, 3600).expiresAt.toISOString()).toBe('2026-11-01T10:05:00.000Z');
});

it('is refused for another recording', () => {
  const { token } = tokens.issue(recordingId, viewer, now);
  expect(tokens.verify(token, otherRecording, now)).toEqual({ ok: false, reason: 'invalid' });
});

it('carries a share viewing session as the viewer', () => {
  const share: Viewer = {
    kind: 'share',
    shareLinkId: '5c0ffee0-3d4e-4f50-8a61-7b8c9d0e1f20',
    viewingSessionId: 'Zm9vYmFyYmF6cXV4cXV1eA',
  };
  const { token } = tokens.issue(recordingId, share, now);
  expect(tokens.verify(token, recordingId, now)).toMatchObject({ ok: true, viewer: share });
});

it('refuses every changed character', () => {
  const { token } = tokens.issue(recordingId, viewer, now);
  for (let at = 0; at < token.length; at++) {
    if (token[at] === '.') continue;
    const swapped = token[at] === 'A' ? 'B' : 'A';
    const forged = token.slice(0, at) + swapped + token.slice(at + 1);
    expect(tokens.verify(forged, recordingId, now).ok).toBe(false);
  }
});

it('refuses a token whose claims were rewritten (a longer expiry, another viewer) without the key', () => {
  const { token } = tokens.issue(recordingId, viewer, now);
  const [kid, claims, mac] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(claims, 'base64url');
  bytes.writeUInt32BE(bytes.readUInt32BE(17) + 60, 17);
  expect(tokens.verify(`${kid}.${bytes.toString('base64url')}.${mac}`, recordingId, now).ok).toBe(false);
  const otherViewer = Buffer.concat([bytes.subarray(0, 21), Buffer.from('r|org-b|user-1')]).toString('base64url');
  expect(tokens.verify(`${kid}.${otherViewer}.${mac}`, recordingId, now).ok).toBe(false);
});

it('keeps verifying under an older listed key, and refuses an unknown one', () => {
  const old = createPlaybackTokens(keys.slice(1)).issue(recordingId, viewer, now).token;
  expect(tokens.verify(old, recordingId, now).ok).toBe(true);
  const stranger = createPlaybackTokens(parseLinkKeys(generateLinkKeys('k1'))).issue(recordingId, viewer, now).token;
  expect(tokens.verify(stranger, recordingId, now).ok).toBe(false);
  expect(tokens.verify('garbage', recordingId, now).ok).toBe(false);
});
