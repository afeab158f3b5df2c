// What the fault-injection suite keeps when a run ends, so a stall can be located from evidence
// rather than guessed: every service process's output (the killed ones too) as files, and a snapshot
// of where each event stands on its way to a read model — rows still in each service's outbox (and
// whether the relay's snapshot gate holds them back), open transactions, and each consumer group's
// committed offsets against the topics' ends.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { REPO_ROOT } from '../support/infra';

/** Writes each output to .cache/faults/<run>/<name>.log; answers the folder. */
export function keepLogs(run: string, outputs: { name: string; output: string }[]): string {
  const dir = join(REPO_ROOT, '.cache', 'faults', run);
  mkdirSync(dir, { recursive: true });
  for (const { name, output } of outputs) writeFileSync(join(dir, `${name}.log`), output);
  return dir;
}

export async function outboxSnapshot(databaseUrl: string, schemas: string[]): Promise<string[]> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const lines: string[] = [];
    for (const schema of schemas) {
      const { rows } = await pg.query<{ unpublished: string; gated: string; first: string | null; events: string }>(
        `SELECT count(*) FILTER (WHERE o.published_at IS NULL) AS unpublished,
                count(*) FILTER (WHERE o.published_at IS NULL AND e.transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS gated,
                min(o.position) FILTER (WHERE o.published_at IS NULL) AS first,
                (SELECT count(*) FROM "${schema}".events) AS events
           FROM "${schema}".outbox o JOIN "${schema}".events e ON e.position = o.position`,
      );
      lines.push(`outbox ${schema}: ${JSON.stringify(rows[0])}`);
    }
    const { rows: open } = await pg.query(
      `SELECT pid, application_name, state, backend_xid::text, backend_xmin::text, now() - xact_start AS open_for, left(query, 120) AS query
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
    );
    lines.push(`open transactions: ${JSON.stringify(open)}`);
    return lines;
  } finally {
    await pg.end();
  }
}

export async function consumerSnapshot(
  brokers: string,
  namespace: string,
  groups: { groupId: string; topics: string[] }[],
) {
  const admin = new Kafka({
    clientId: 'candor-faults-diagnostics',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const lines: string[] = [];
    for (const { groupId, topics } of groups) {
      const onBroker = topics.map((topic) => `${namespace}.${topic}`);
      const committed = await admin.fetchOffsets({ groupId: `${namespace}.${groupId}`, topics: onBroker });
      const described = await admin.describeGroups([`${namespace}.${groupId}`]);
      for (const topic of onBroker) {
        const ends = await admin.fetchTopicOffsets(topic);
        const at = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
        lines.push(
          `group ${groupId} (${described.groups[0]?.state}, ${described.groups[0]?.members.length} members) on ${topic}: ` +
            ends
              .map(
                (end) =>
                  `p${end.partition} committed ${at.find((p) => p.partition === end.partition)?.offset ?? '?'} / end ${end.high}`,
              )
              .join(', '),
        );
      }
    }
    return lines;
  } finally {
    await admin.disconnect();
  }
}
