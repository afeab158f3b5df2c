// The hash chain of an organisation's share audit log, pure: how an entry's hash is computed and how
// an exported log (JSON lines) is verified. Each entry names its place (`seq`, from 1) and the hash
// of the entry before it (`prevHash`, 64 zeros for the first); its `hash` is SHA-256 over the
// canonical JSON of everything else. Editing an entry breaks its hash; removing or reordering breaks
// the next entry's `seq` and `prevHash`. The verifier names the first entry that does not hold.
// A chain alone cannot tell a log cut short at its end: compare the last hash with the head the
// service reports (`Candor-Audit-Head` on the export) for that.
import { createHash } from 'node:crypto';

export interface AuditEntry {
  seq: number;
  organisationId: string;
  /** the share-link event this entry records */
  eventId: string;
  type: string;
  shareLinkId: string;
  at: string;
  /** a recruiter id, 'system', or 'viewer' */
  by: string;
  summary: string;
  prevHash: string;
  hash: string;
}

export const genesisHash = '0'.repeat(64);

/** JSON with object keys sorted at every depth: the same bytes whatever order a parser kept. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashOf(entry: Omit<AuditEntry, 'hash'>): string {
  const { hash: _ignored, ...rest } = entry as AuditEntry;
  return createHash('sha256')
    .update(`candor-share-audit:v1|${canonicalJson(rest)}`)
    .digest('hex');
}

/** The next entry of a chain whose last entry has `seq` and `hash` (or none: seq 0, genesis). */
export function chainEntry(
  previous: { seq: number; hash: string },
  fields: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>,
): AuditEntry {
  const unhashed = { ...fields, seq: previous.seq + 1, prevHash: previous.hash };
  return { ...unhashed, hash: hashOf(unhashed) };
}

export type AuditVerification =
  { ok: true; entries: number; head: string } | { ok: false; line: number; seq: number | null; reason: string };

const entryKeys = [
  'seq',
  'organisationId',
  'eventId',
  'type',
  'shareLinkId',
  'at',
  'by',
  'summary',
  'prevHash',
  'hash',
];

/** Verifies an export: every line one entry, in order, each hash and link of the chain intact. */
export function verifyAuditLog(text: string): AuditVerification {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let previous = { seq: 0, hash: genesisHash };
  for (const [index, line] of lines.entries()) {
    const lineNumber = index + 1;
    let entry: AuditEntry;
    try {
      entry = JSON.parse(line) as AuditEntry;
    } catch {
      return { ok: false, line: lineNumber, seq: null, reason: 'not a JSON entry' };
    }
    const seq = typeof entry?.seq === 'number' ? entry.seq : null;
    const keys = entry && typeof entry === 'object' ? Object.keys(entry).sort() : [];
    if (keys.join() !== [...entryKeys].sort().join())
      return { ok: false, line: lineNumber, seq, reason: 'fields were added or removed' };
    if (entry.seq !== previous.seq + 1)
      return {
        ok: false,
        line: lineNumber,
        seq,
        reason: `expected entry ${previous.seq + 1} here (an entry was removed or moved)`,
      };
    if (entry.prevHash !== previous.hash)
      return {
        ok: false,
        line: lineNumber,
        seq,
        reason: 'does not follow the entry before it (an entry was removed, moved or edited)',
      };
    if (hashOf(entry) !== entry.hash)
      return { ok: false, line: lineNumber, seq, reason: 'its content was edited (hash mismatch)' };
    previous = { seq: entry.seq, hash: entry.hash };
  }
  return { ok: true, entries: previous.seq, head: previous.hash };
}
