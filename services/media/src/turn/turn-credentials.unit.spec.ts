import { iceServersFor, turnCredentials, type TurnRelay } from './turn-credentials';

const relay: TurnRelay = {
  urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:443?transport=tcp'],
  secret: 'a-shared-secret-of-the-relay',
  lifetimeSeconds: 60,
};
const who = { roomId: 'b2c3', participantId: 'candidate' };

describe('TURN REST API credentials', () => {
  test('the username carries the expiry in unix seconds; the credential is base64(HMAC-SHA1(secret, username))', () => {
    const server = turnCredentials(relay, who, new Date('2026-12-03T08:00:30.900Z'));
    expect(server.username).toBe('1796284830:b2c3.candidate');
    // computed independently with OpenSSL's command line tool:
    // printf '%s' '1796284830:b2c3.candidate' | openssl dgst -sha1 -hmac a-shared-secret-of-the-relay -binary | base64
    expect(server.credential).toBe('4T7u8lZebGYapVp9w2jILc1MrdA=');
    expect(Buffer.from(server.credential, 'base64')).toHaveLength(20);
    expect(server.urls).toEqual(relay.urls);
  });

  test('another secret or another username gives another credential', () => {
    const at = new Date('2026-12-03T08:00:00Z');
    const one = turnCredentials(relay, who, at);
    expect(turnCredentials({ ...relay, secret: 'another' }, who, at).credential).not.toBe(one.credential);
    expect(turnCredentials(relay, { ...who, participantId: 'host-1' }, at).credential).not.toBe(one.credential);
  });

  test('fresh credentials live the lifetime from now, and never past a room token that expires sooner', () => {
    const now = new Date('2026-12-03T08:00:00Z');
    const mint = iceServersFor(relay, () => now);
    const expiryOf = (servers: { username: string }[]) => Number(servers[0]!.username.split(':')[0]);
    expect(expiryOf(mint(who))).toBe(now.getTime() / 1000 + 60);
    expect(expiryOf(mint(who, new Date(now.getTime() + 20_000)))).toBe(now.getTime() / 1000 + 20);
    expect(expiryOf(mint(who, new Date(now.getTime() + 3_600_000)))).toBe(now.getTime() / 1000 + 60);
  });

  test('without a relay nobody gets credentials', () => {
    expect(iceServersFor(undefined, () => new Date())(who)).toEqual([]);
  });
});
