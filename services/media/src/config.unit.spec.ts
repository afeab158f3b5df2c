import { ConfigError, loadConfig } from '@candor/runtime';
import { z } from 'zod';
import { mediaConfigSchema, mediaServiceEnv, sfuEngineOptions, turnRelay } from './config';

describe('media configuration', () => {
  it('defaults to the automatic engine choice with no listen options', () => {
    expect(sfuEngineOptions(loadConfig(mediaConfigSchema, {}))).toEqual({ engine: 'auto' });
  });

  it('defaults to mediasoup in its own process (distributed mode); auto and werift stay choosable', () => {
    const schema = z.object(mediaServiceEnv).pick({ CANDOR_SFU_ENGINE: true });
    expect(loadConfig(schema, {}).CANDOR_SFU_ENGINE).toBe('mediasoup');
    expect(loadConfig(schema, { CANDOR_SFU_ENGINE: 'werift' }).CANDOR_SFU_ENGINE).toBe('werift');
    expect(loadConfig(schema, { CANDOR_SFU_ENGINE: 'auto' }).CANDOR_SFU_ENGINE).toBe('auto');
  });

  it('passes the listen address, announced address and port range to the engine', () => {
    const config = loadConfig(mediaConfigSchema, {
      CANDOR_SFU_ENGINE: 'werift',
      CANDOR_MEDIA_LISTEN_IP: '0.0.0.0',
      CANDOR_MEDIA_ANNOUNCED_IP: '203.0.113.7',
      CANDOR_MEDIA_PORT_MIN: '40000',
      CANDOR_MEDIA_PORT_MAX: '40100',
    });
    expect(sfuEngineOptions(config)).toEqual({
      engine: 'werift',
      listenIp: '0.0.0.0',
      announcedIp: '203.0.113.7',
      portRange: { min: 40000, max: 40100 },
    });
  });

  it('passes the configured mediasoup worker to the engine, read from the parsed configuration only', () => {
    const config = loadConfig(mediaConfigSchema, { MEDIASOUP_WORKER_BIN: '/opt/mediasoup-worker' });
    expect(sfuEngineOptions(config)).toEqual({ engine: 'auto', workerBin: '/opt/mediasoup-worker' });
    expect(() => loadConfig(mediaConfigSchema, { MEDIASOUP_WORKER_BIN: '' })).toThrow(/MEDIASOUP_WORKER_BIN/);
  });

  it('stops with a message naming the bad variable', () => {
    const load = (env: Record<string, string>) => () => loadConfig(mediaConfigSchema, env);
    expect(load({ CANDOR_SFU_ENGINE: 'janus' })).toThrow(/CANDOR_SFU_ENGINE/);
    expect(load({ CANDOR_MEDIA_ANNOUNCED_IP: 'media.example.com' })).toThrow(
      /CANDOR_MEDIA_ANNOUNCED_IP: must be an IP address/,
    );
    expect(load({ CANDOR_MEDIA_PORT_MIN: '40000' })).toThrow(/CANDOR_MEDIA_PORT_MAX: set both/);
    expect(load({ CANDOR_MEDIA_PORT_MIN: '40100', CANDOR_MEDIA_PORT_MAX: '40000' })).toThrow(ConfigError);
  });

  it('names a TURN relay only with both its URLs and its secret', () => {
    const secret = 'x'.repeat(32);
    const urls = 'turn:turn.example.com:3478?transport=udp, turn:turn.example.com:3478?transport=tcp,turns:turn.example.com:443?transport=tcp';
    expect(turnRelay(loadConfig(mediaConfigSchema, {}))).toBeUndefined();
    expect(turnRelay(loadConfig(mediaConfigSchema, { CANDOR_TURN_URLS: urls, CANDOR_TURN_SECRET: secret }))).toEqual({
      urls: [
        'turn:turn.example.com:3478?transport=udp',
        'turn:turn.example.com:3478?transport=tcp',
        'turns:turn.example.com:443?transport=tcp',
      ],
      secret,
      lifetimeSeconds: 60,
    });
    const load = (env: Record<string, string>) => () => loadConfig(mediaConfigSchema, env);
    expect(load({ CANDOR_TURN_URLS: urls })).toThrow(/CANDOR_TURN_SECRET: set both/);
    expect(load({ CANDOR_TURN_URLS: urls, CANDOR_TURN_SECRET: 'short' })).toThrow(/CANDOR_TURN_SECRET: must be at least 32/);
    expect(load({ CANDOR_TURN_URLS: 'stun:stun.example.com', CANDOR_TURN_SECRET: secret })).toThrow(/CANDOR_TURN_URLS/);
  });
});
