// Configuration from environment variables, validated once at start. Only a composition root
// (a service's main, the embedded server) calls this; a bad variable stops the process with a
// message that names it.
import { z } from 'zod';
import { parseLinkKeys } from '../links/link-tokens';
import { parseKeySource, parsePrivateKeys } from '../auth/signing-keys';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.output<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
  );
}

/** Variables every service process shares. */
export const commonEnv = {
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Which proxies' X-Forwarded-For to believe (express "trust proxy": loopback, linklocal, uniquelocal
   * or addresses/subnets, comma-separated). The candidate rate limits count per client address, so a
   * frontend in another pod must be trusted here (e.g. "uniquelocal") or all candidates share one count.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^[A-Za-z0-9.:/, ]+$/, 'names (loopback, linklocal, uniquelocal) or addresses, comma-separated')
    .default('loopback'),
} as const;

const parsed = <T>(parse: (text: string) => T) => (text: string, ctx: z.RefinementCtx) => {
  try {
    return parse(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
};

/**
 * CANDOR_SIGNING_KEYS: an issuer's own private keys (identity, invite, media), a JWKS of Ed25519
 * keys, signing key first (see auth/signing-keys.ts for rotation). `npm run keys` makes one.
 */
export const signingKeysEnv = {
  CANDOR_SIGNING_KEYS: z
    .string({ message: 'is required (a JWKS of Ed25519 private keys: npm run keys)' })
    .transform(parsed(parsePrivateKeys)),
} as const;

/**
 * Where recruiter sessions are checked: CANDOR_IDENTITY_URL (the identity service, asked about
 * logged-out sessions, and whose JWKS document gives the public keys) and optionally
 * CANDOR_IDENTITY_JWKS (the public keys inline, or another URL of the document).
 */
export const recruiterSessionEnv = {
  CANDOR_IDENTITY_URL: z.url({ message: 'is required (the identity service, e.g. http://identity:3000)' }),
  CANDOR_IDENTITY_JWKS: z.string().transform(parsed(parseKeySource)).optional(),
} as const;

/** CANDOR_INVITE_JWKS: the invite service's public keys (live tokens), inline or its document's URL. */
export const liveTokenEnv = {
  CANDOR_INVITE_JWKS: z
    .string({ message: 'is required (the invite service\'s JWKS URL, or the JWKS itself)' })
    .transform(parsed(parseKeySource)),
} as const;

/**
 * Where the recording service's public keys are (the service tokens it presents to the media
 * service's internal recorder-feed API): CANDOR_RECORDING_JWKS (inline, or its document's URL), else
 * the JWKS document under CANDOR_RECORDING_URL. Neither set: no recorder feed is accepted.
 */
export const recordingTokenEnv = {
  CANDOR_RECORDING_URL: z.url({ message: 'must be the recording service\'s URL, e.g. http://recording:3000' }).optional(),
  CANDOR_RECORDING_JWKS: z.string().transform(parsed(parseKeySource)).optional(),
} as const;

/**
 * CANDOR_BUS_MAX_ATTEMPTS: deliveries of an event a policy or projection keeps failing on before it
 * is parked in the group's dead-letter topic (the bus backs off 100 ms → 5 s between them, so the
 * default 12 rides out about half a minute of a store being down).
 */
export const busEnv = {
  CANDOR_BUS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(12),
} as const;

const optionalInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

/**
 * How the Kafka adapter creates topics it does not find: partitions (KAFKA_TOPIC_PARTITIONS, default
 * 3), replication factor (KAFKA_REPLICATION_FACTOR, default the broker's), min.insync.replicas
 * (KAFKA_MIN_INSYNC_REPLICAS, default the broker's) and retention (KAFKA_RETENTION_MS, default -1:
 * for ever, so a new or reset consumer group can catch up from the beginning).
 */
export const kafkaTopicEnv = {
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
  KAFKA_REPLICATION_FACTOR: optionalInt(1, 32),
  KAFKA_MIN_INSYNC_REPLICAS: optionalInt(1, 32),
  KAFKA_RETENTION_MS: z.coerce.number().int().min(-1).default(-1),
} as const;

/** Variables of a service that owns an event store and reads from the bus. */
export const distributedEnv = {
  DATABASE_URL: z.url({ message: 'must be a postgres:// URL' }),
  KAFKA_BROKERS: z
    .string({ message: 'is required (comma-separated host:port list)' })
    .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^:]+:\d+$/, 'each broker must be host:port')).min(1)),
  /** optional prefix of every Kafka topic and consumer group, to share a cluster (`<ns>.<topic>`) */
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (at most 64)')
    .optional(),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  MONGO_DATABASE: z.string().default('candor'),
  /** /readyz: most messages a projection may be behind and still count as ready */
  CANDOR_READY_MAX_LAG: z.coerce.number().int().min(0).default(1000),
  /**
   * Which part of the service this process runs (host/compose.ts `ProcessRole`): `all` (default),
   * `commands` (its HTTP API and outbox relay, no consumers) or `consumers` (its projections and
   * policies, no API). A deployment may run one of each, so the two use separate cores.
   */
  CANDOR_ROLE: z.enum(['all', 'commands', 'consumers']).default('all'),
  ...busEnv,
  ...kafkaTopicEnv,
} as const;

/** CANDOR_LINK_KEYS: the keys capability link tokens are derived under (see links/link-tokens.ts). */
export const linkKeysEnv = {
  CANDOR_LINK_KEYS: z
    .string({ message: 'is required (comma-separated <kid>:<base64 secret of 32+ bytes>, newest first)' })
    .transform((text, ctx) => {
      try {
        return parseLinkKeys(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
} as const;
