// The media service's own variables (both modes): which SFU engine runs and where its media sockets
// listen and what address they announce. Read only by a composition root (main.ts, the embedded
// server), validated at start.
import { z } from 'zod';
import { liveTokenEnv, recordingTokenEnv, recruiterSessionEnv, signingKeysEnv } from '@candor/runtime';
import type { CreateSfuEngineOptions } from './sfu/choose-engine';
import type { TurnRelay } from './turn/turn-credentials';

const ip = z.union([z.ipv4(), z.ipv6()], { message: 'must be an IP address' });
const port = z.coerce.number().int().min(1024, 'must be 1024 or more').max(65535, 'must be at most 65535');

const sfuEngine = z.enum(['auto', 'mediasoup', 'werift']);

export const mediaEnv = {
  /** auto (default): mediasoup when its worker runs here, else werift; or name one */
  CANDOR_SFU_ENGINE: sfuEngine.default('auto'),
  /**
   * optional: the mediasoup worker binary (e.g. one built by `npm run media:worker`); default the one
   * in mediasoup's package. mediasoup's own name for it, kept so one variable serves both.
   */
  MEDIASOUP_WORKER_BIN: z.string().min(1).optional(),
  /** address the media sockets bind to (default all interfaces) */
  CANDOR_MEDIA_LISTEN_IP: ip.optional(),
  /** address put in ICE candidates when the server is behind NAT (a pod's or host's public IP) */
  CANDOR_MEDIA_ANNOUNCED_IP: ip.optional(),
  CANDOR_MEDIA_PORT_MIN: port.optional(),
  CANDOR_MEDIA_PORT_MAX: port.optional(),
  /**
   * TURN relays handed to participants, comma-separated `turn:`/`turns:` URLs (UDP, TCP and TLS on
   * 443 of the deployment's coturn); with CANDOR_TURN_SECRET, or neither (no relay: host candidates only)
   */
  CANDOR_TURN_URLS: z
    .string()
    .transform((value) => value.split(',').map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^turns?:[^\s]+$/, 'each URL must start with turn: or turns:')).min(1))
    .optional(),
  /** the relay's shared secret (coturn's static-auth-secret): from a Kubernetes Secret, never in a file in git */
  CANDOR_TURN_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
} as const;

/** The checks across variables (the port range), for every schema that holds the media variables. */
export function checkMediaConfig(
  config: { CANDOR_MEDIA_PORT_MIN?: number; CANDOR_MEDIA_PORT_MAX?: number; CANDOR_TURN_URLS?: string[]; CANDOR_TURN_SECRET?: string },
  ctx: z.RefinementCtx,
): void {
  if ((config.CANDOR_TURN_URLS === undefined) !== (config.CANDOR_TURN_SECRET === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'set both CANDOR_TURN_URLS and CANDOR_TURN_SECRET, or neither', path: ['CANDOR_TURN_SECRET'] });
  }
  const { CANDOR_MEDIA_PORT_MIN: min, CANDOR_MEDIA_PORT_MAX: max } = config;
  if ((min === undefined) !== (max === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: 'set both CANDOR_MEDIA_PORT_MIN and CANDOR_MEDIA_PORT_MAX, or neither',
      path: ['CANDOR_MEDIA_PORT_MAX'],
    });
  } else if ((min ?? 0) > (max ?? 0)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must not be below CANDOR_MEDIA_PORT_MIN',
      path: ['CANDOR_MEDIA_PORT_MAX'],
    });
  }
}

export const mediaConfigSchema = z.object(mediaEnv).superRefine(checkMediaConfig);
export type MediaConfig = z.output<typeof mediaConfigSchema>;

/**
 * The media service's variables in its own process (distributed mode): the SFU's, its own keys, and
 * the public keys of the tokens it checks. The engine defaults to mediasoup there: a deployment runs
 * the production SFU or says plainly why it cannot (no quiet fall-back to werift); `auto` or
 * `werift` are still there for a deployment that chooses them. The embedded mode keeps `auto`.
 */
export const mediaServiceEnv = {
  /** its own private keys: signs room tokens (and checks them) */
  ...signingKeysEnv,
  /** checks live tokens (signed by the invite service) */
  ...liveTokenEnv,
  /** checks recruiter sessions (signed by identity) */
  ...recruiterSessionEnv,
  /** checks the recording service's service tokens (internal recorder-feed API) */
  ...recordingTokenEnv,
  ...mediaEnv,
  /** mediasoup (default in this mode), auto or werift */
  CANDOR_SFU_ENGINE: sfuEngine.default('mediasoup'),
} as const;
export type MediaServiceConfig = z.output<z.ZodObject<typeof mediaServiceEnv>>;

/** The engine options a media configuration asks for (the logger is the composition's). */
export function sfuEngineOptions(config: MediaConfig): Omit<CreateSfuEngineOptions, 'logger'> {
  const { CANDOR_MEDIA_PORT_MIN: min, CANDOR_MEDIA_PORT_MAX: max } = config;
  return {
    engine: config.CANDOR_SFU_ENGINE,
    ...(config.MEDIASOUP_WORKER_BIN ? { workerBin: config.MEDIASOUP_WORKER_BIN } : {}),
    ...(config.CANDOR_MEDIA_LISTEN_IP ? { listenIp: config.CANDOR_MEDIA_LISTEN_IP } : {}),
    ...(config.CANDOR_MEDIA_ANNOUNCED_IP ? { announcedIp: config.CANDOR_MEDIA_ANNOUNCED_IP } : {}),
    ...(min !== undefined && max !== undefined ? { portRange: { min, max } } : {}),
  };
}

/** A room token's lifetime: TURN credentials never outlive one (see turn/turn-credentials.ts). */
const turnLifetimeSeconds = 60;

/** The TURN relay a media configuration names, if any. */
export function turnRelay(config: MediaConfig): TurnRelay | undefined {
  if (!config.CANDOR_TURN_URLS || !config.CANDOR_TURN_SECRET) return undefined;
  return { urls: config.CANDOR_TURN_URLS, secret: config.CANDOR_TURN_SECRET, lifetimeSeconds: turnLifetimeSeconds };
}
