import { z } from 'zod';
import { commonEnv, ConfigError, distributedEnv, liveTokenEnv, loadConfig, recruiterSessionEnv, signingKeysEnv } from './env';

const schema = z.object({ ...commonEnv, ...distributedEnv, ...signingKeysEnv, ...recruiterSessionEnv, ...liveTokenEnv });
const privateKey = { kty: 'OKP', crv: 'Ed25519', x: 'eA', d: 'ZA', kid: 'k1' };
const good = {
  CANDOR_SIGNING_KEYS: JSON.stringify({ keys: [privateKey] }),
  CANDOR_IDENTITY_URL: 'http://identity:3000',
  CANDOR_INVITE_JWKS: 'http://invite:3000/api/invite/.well-known/jwks.json',
  DATABASE_URL: 'postgres://candor:candor@127.0.0.1:5432/candor',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  MONGO_URL: 'mongodb://127.0.0.1:27017/candor',
};

describe('configuration', () => {
  it('parses and defaults', () => {
    const config = loadConfig(schema, good);
    expect(config.PORT).toBe(3000);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.CANDOR_SIGNING_KEYS).toEqual([privateKey]);
    expect(config.CANDOR_INVITE_JWKS).toEqual({ url: 'http://invite:3000/api/invite/.well-known/jwks.json' });
    expect(config.CANDOR_IDENTITY_JWKS).toBeUndefined();
  });

  it('names every bad variable in one message', () => {
    const attempt = () => loadConfig(schema, {
        ...good,
        PORT: 'eighty',
        KAFKA_BROKERS: 'nohost',
        CANDOR_SIGNING_KEYS: 'a-shared-secret',
        CANDOR_INVITE_JWKS: JSON.stringify({ keys: [privateKey] }),
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/KAFKA_BROKERS/);
      expect(message).toMatch(/CANDOR_SIGNING_KEYS: must be a JSON Web Key Set/);
      expect(message).toMatch(/CANDOR_INVITE_JWKS: holds a private key/);
    }
  });

  it('says when a required variable is missing', () => {
    expect(() => loadConfig(schema, { ...good, MONGO_URL: undefined })).toThrow(/MONGO_URL/);
  });
});
