// The recording service's own variables (both modes): where recordings are stored (the filesystem
// under the recording folder, or an S3-API bucket), the local folder for captures, composites and
// the upload spool, the keys playback URLs are signed under, and how often retention is swept. Read
// only by a composition root, validated at start; a bad variable names itself.
import { join } from 'node:path';
import { z } from 'zod';
import { linkKeysEnv, recruiterSessionEnv, signingKeysEnv } from '@candor/runtime';
import { createFilesystemStorage, createS3Storage, type RecordingStorage } from './storage';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const recordingEnv = {
  /** local folder: captured tracks, composites being made and the upload spool (and the store, on filesystem) */
  CANDOR_RECORDING_DIR: z.string({ message: 'is required (a local folder for captures and the upload spool)' }).min(1),
  /** filesystem (default): under CANDOR_RECORDING_DIR/store; s3: the bucket named by the S3_* variables */
  CANDOR_RECORDING_STORAGE: z.enum(['filesystem', 's3']).default('filesystem'),
  /** signing keys of playback URLs: comma-separated <kid>:<base64 secret of 32+ bytes>, newest first */
  CANDOR_PLAYBACK_KEYS: linkKeysEnv.CANDOR_LINK_KEYS,
  /** the address the recorder's ffmpeg listens on for RTP: the media service must reach it (default loopback) */
  CANDOR_RECORDER_IP: z.union([z.ipv4(), z.ipv6()], { message: 'must be an IP address' }).default('127.0.0.1'),
  /** ffmpegs kept listening for the next tracks, so a capture starts without ffmpeg's start-up (0: none) */
  CANDOR_RECORDER_SPARES: z.coerce.number().int().min(0).max(32).default(2),
  CANDOR_RECORDING_RETENTION_SWEEP_MS: z.coerce.number().int().min(1_000).default(3_600_000),
  S3_ENDPOINT: z.url({ message: 'must be a URL' }).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: flag.default(true),
} as const;

/** The checks across variables (S3 settings when the storage is s3), for every schema holding them. */
export function checkRecordingConfig(
  config: Pick<RecordingConfig, 'CANDOR_RECORDING_STORAGE' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'>,
  ctx: z.RefinementCtx,
): void {
  if (config.CANDOR_RECORDING_STORAGE !== 's3') return;
  for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!config[name])
      ctx.addIssue({ code: 'custom', path: [name], message: 'is required when CANDOR_RECORDING_STORAGE=s3' });
  }
}

export const recordingConfigSchema = z.object(recordingEnv).superRefine(checkRecordingConfig);
export type RecordingConfig = z.output<z.ZodObject<typeof recordingEnv>>;

/** The recording service's variables: its own, its keys, identity's, and where the media service answers. */
export const recordingServiceEnv = {
  /** its own private keys: signs the service tokens the media service checks recorder feeds with */
  ...signingKeysEnv,
  /** checks recruiter sessions (signed by identity) */
  ...recruiterSessionEnv,
  /** the media service's base URL, for recorder feeds (the embedded server's own in one process) */
  CANDOR_MEDIA_URL: z.url({ message: 'is required (the media service, e.g. http://media:3000)' }),
  /** the sharing service's base URL, asked before a share viewer plays (unset: share viewers get no playback) */
  CANDOR_SHARING_URL: z.url({ message: 'must be the sharing service\'s URL, e.g. http://sharing:3000' }).optional(),
  ...recordingEnv,
} as const;
export type RecordingServiceConfig = z.output<z.ZodObject<typeof recordingServiceEnv>>;

export interface RecordingFolders {
  spool: string;
  work: string;
  capture: string;
}

export const recordingFolders = (config: Pick<RecordingConfig, 'CANDOR_RECORDING_DIR'>): RecordingFolders => ({
  spool: join(config.CANDOR_RECORDING_DIR, 'spool'),
  work: join(config.CANDOR_RECORDING_DIR, 'work'),
  capture: join(config.CANDOR_RECORDING_DIR, 'capture'),
});

/** The storage adapter the configuration names. */
export function storageFor(config: RecordingConfig): RecordingStorage {
  if (config.CANDOR_RECORDING_STORAGE === 'filesystem') {
    return createFilesystemStorage({ root: join(config.CANDOR_RECORDING_DIR, 'store') });
  }
  return createS3Storage({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET!,
    accessKeyId: config.S3_ACCESS_KEY_ID!,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}
