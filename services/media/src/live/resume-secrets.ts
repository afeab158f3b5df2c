// Resume secrets: the one home of the token that lets a person's new signalling connection replace
// the connection the room still holds for them after a dropped network (live-room.ts). Each welcome
// carries a fresh secret of 128 random bits; the room keeps only its SHA-256, so a heap dump or a log
// of the room's state holds nothing that resumes anyone. A secret grants no entry on its own: the
// new connection brings its own room token and is judged by the write model as any other; the secret
// only says which held connection is the same person's (same role and link, checked by the room).
// It is spent when used (the replaced connection's hash goes with it) and dies with the connection.
import { createHash, randomBytes } from 'node:crypto';

export interface ResumeSecret {
  /** sent once, in the welcome; never kept */
  secret: string;
  /** what the room keeps beside the connection */
  hash: string;
}

/** The SHA-256 a secret is kept as (base64url). */
export function resumeHashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** A fresh secret for a new connection's welcome. */
export function issueResumeSecret(): ResumeSecret {
  const secret = randomBytes(16).toString('base64url');
  return { secret, hash: resumeHashOf(secret) };
}

/**
 * Whether `secret` is the one issued to the connection kept as `hash`. The comparison is of two
 * hashes of which the caller knows at most one preimage, so its timing tells nothing useful.
 */
export function resumes(secret: string | undefined, hash: string): boolean {
  return secret !== undefined && secret !== '' && resumeHashOf(secret) === hash;
}
