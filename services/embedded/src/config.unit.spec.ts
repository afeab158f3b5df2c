import { ConfigError, loadConfig } from '@candor/runtime';
import { embeddedEnv } from './config';

describe('embedded configuration', () => {
  it('runs with no variables at all: plain http cookies, the automatic SFU choice, generated keys', () => {
    const config = loadConfig(embeddedEnv, {});
    expect(config).toMatchObject({ PORT: 3000, CANDOR_COOKIE_SECURE: false, CANDOR_SFU_ENGINE: 'auto', CANDOR_DEMO: 'on' });
    expect(config.CANDOR_LINK_KEYS).toBeUndefined();
    expect(config.CANDOR_SECRETS_DIR).toBeUndefined();
  });

  it('parses the variables the services read, once, here', () => {
    const config = loadConfig(embeddedEnv, {
      CANDOR_COOKIE_SECURE: 'true',
      CANDOR_LINK_KEYS: `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`,
      CANDOR_MEDIA_PORT_MIN: '40000',
      CANDOR_MEDIA_PORT_MAX: '40100',
      CANDOR_LLM_TIMEOUT_MS: '20000',
    });
    expect(config.CANDOR_COOKIE_SECURE).toBe(true);
    expect(config.CANDOR_LINK_KEYS?.map((key) => key.kid)).toEqual(['k2', 'k1']);
    expect([config.CANDOR_MEDIA_PORT_MIN, config.CANDOR_MEDIA_PORT_MAX]).toEqual([40000, 40100]);
    expect(config.CANDOR_LLM_TIMEOUT_MS).toBe(20000);
  });

  it('names every bad variable in one message', () => {
    const attempt = () =>
      loadConfig(embeddedEnv, {
        CANDOR_COOKIE_SECURE: 'yes',
        CANDOR_LINK_KEYS: 'not-a-key',
        CANDOR_SFU_ENGINE: 'janus',
        CANDOR_MEDIA_ANNOUNCED_IP: 'media.example.com',
      });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['CANDOR_COOKIE_SECURE', 'CANDOR_LINK_KEYS', 'CANDOR_SFU_ENGINE', 'CANDOR_MEDIA_ANNOUNCED_IP']) {
      expect(message).toContain(`${name}:`);
    }
  });

  it('checks the media port range across its two variables', () => {
    expect(() => loadConfig(embeddedEnv, { CANDOR_MEDIA_PORT_MIN: '40000' })).toThrow(
      /CANDOR_MEDIA_PORT_MAX: set both CANDOR_MEDIA_PORT_MIN and CANDOR_MEDIA_PORT_MAX, or neither/,
    );
    expect(() => loadConfig(embeddedEnv, { CANDOR_MEDIA_PORT_MIN: '40100', CANDOR_MEDIA_PORT_MAX: '40000' })).toThrow(
      /CANDOR_MEDIA_PORT_MAX: must not be below CANDOR_MEDIA_PORT_MIN/,
    );
  });
});
