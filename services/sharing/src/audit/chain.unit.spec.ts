import { canonicalJson, chainEntry, genesisHash, verifyAuditLog, type AuditEntry } from './chain';

function chain(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous = { seq: 0, hash: genesisHash };
  for (let n = 1; n <= count; n++) {
    const entry = chainEntry(previous, {
      organisationId: 'org-a',
      eventId: `event-${n}`,
      type: 'sharing.ShareLinkViewed.v1',
      shareLinkId: 'share-1',
      at: `2026-11-21T10:0${n}:00.000Z`,
      by: 'viewer',
      summary: `view ${n} granted`,
    });
    entries.push(entry);
    previous = entry;
  }
  return entries;
}
const jsonl = (entries: object[]) => entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');

describe('the audit hash chain', () => {
  const entries = chain(5);

  it('verifies an intact log and reports its head', () => {
    expect(verifyAuditLog(jsonl(entries))).toEqual({ ok: true, entries: 5, head: entries[4]!.hash });
    expect(verifyAuditLog('')).toEqual({ ok: true, entries: 0, head: genesisHash });
  });
  it('names an edited entry', () => {
    const edited = entries.map((entry, index) => (index === 2 ? { ...entry, summary: 'view 3 denied' } : entry));
    expect(verifyAuditLog(jsonl(edited))).toMatchObject({
      ok: false,
      line: 3,
      seq: 3,
      reason: expect.stringMatching(/edited/),
    });
    // an edited entry with a recomputed hash is caught by the next entry's link to it
    const rehashed = chainEntry({ seq: 2, hash: entries[1]!.hash }, { ...entries[2]!, summary: 'view 3 denied' });
    const forged = entries.map((entry, index) => (index === 2 ? rehashed : entry));
    expect(verifyAuditLog(jsonl(forged))).toMatchObject({ ok: false, line: 4, seq: 4 });
  });
  it('names the entry after a removed one', () => {
    expect(verifyAuditLog(jsonl(entries.filter((_, index) => index !== 1)))).toMatchObject({
      ok: false,
      line: 2,
      seq: 3,
    });
    expect(verifyAuditLog(jsonl(entries.slice(1)))).toMatchObject({ ok: false, line: 1, seq: 2 });
  });
  it('names the first of two swapped entries', () => {
    const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!, entries[4]!];
    expect(verifyAuditLog(jsonl(swapped))).toMatchObject({ ok: false, line: 2, seq: 3 });
  });
  it('refuses a line that is not an entry, or an entry with fields added', () => {
    expect(verifyAuditLog(`${jsonl(entries.slice(0, 2))}not json\n`)).toMatchObject({ ok: false, line: 3, seq: null });
    const padded = entries.map((entry, index) => (index === 0 ? { ...entry, note: 'x' } : entry));
    expect(verifyAuditLog(jsonl(padded))).toMatchObject({
      ok: false,
      line: 1,
      reason: expect.stringMatching(/fields/),
    });
  });
  it('hashes canonical JSON: key order does not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"e":3,"f":2}]},"b":1}',
    );
    const reordered = entries.map((entry) => Object.fromEntries(Object.entries(entry).reverse()));
    expect(verifyAuditLog(jsonl(reordered))).toMatchObject({ ok: true, entries: 5 });
  });
  it('names the first bad entry whichever one line is edited, dropped or swapped', () => {
    const log = chain(8);
    const head = log.at(-1)!.hash;
    for (let at = 0; at < log.length; at++) {
      const line = at + 1;
      const edited = log.map((entry, index) => (index === at ? { ...entry, at: '2026-11-22T00:00:00.000Z' } : entry));
      expect([line, verifyAuditLog(jsonl(edited))]).toEqual([
        line,
        expect.objectContaining({ ok: false, line, seq: line }),
      ]);
      const dropped = log.filter((_, index) => index !== at);
      const droppedResult = verifyAuditLog(jsonl(dropped));
      if (at < log.length - 1) {
        // the entry that moved up into the gap is the first that does not hold
        expect([line, droppedResult]).toEqual([line, expect.objectContaining({ ok: false, line, seq: line + 1 })]);
      } else {
        // the last one dropped: the chain still holds; only the head the service reported tells
        expect(droppedResult).toMatchObject({ ok: true, entries: log.length - 1 });
        expect(droppedResult.ok && droppedResult.head).not.toBe(head);
      }
      if (at < log.length - 1) {
        const swapped = [...log];
        [swapped[at], swapped[at + 1]] = [swapped[at + 1]!, swapped[at]!];
        expect([line, verifyAuditLog(jsonl(swapped))]).toEqual([
          line,
          expect.objectContaining({ ok: false, line, seq: line + 1 }),
        ]);
      }
    }
  });
});
