import { z } from 'zod';
import { commonEnv, ConfigError, distributedEnv, loadConfig } from './env';

const schema = z.object({ ...commonEnv, ...distributedEnv });
const good = {
  CANDOR_JWT_SECRET: 'x'.repeat(32),
  DATABASE_URL: 'postgres://candor:candor@127.0.0.1:5432/candor',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  MONGO_URL: 'mongodb://127.0.0.1:27017/candor',
};

describe('configuration', () => {
  it('parses and defaults', () => {
    const config = loadConfig(schema, good);
    expect(config.PORT).toBe(3000);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
  });

  it('names every bad variable in one message', () => {
    const attempt = () => loadConfig(schema, { ...good, PORT: 'eighty', KAFKA_BROKERS: 'nohost', CANDOR_JWT_SECRET: 'short' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/KAFKA_BROKERS/);
      expect(message).toMatch(/CANDOR_JWT_SECRET: must be at least 32 characters/);
    }
  });

  it('says when a required variable is missing', () => {
    expect(() => loadConfig(schema, { ...good, MONGO_URL: undefined })).toThrow(/MONGO_URL/);
  });
});
