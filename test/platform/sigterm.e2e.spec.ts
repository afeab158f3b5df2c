// SIGTERM under load: the invite service runs as its own process on the real Postgres, Kafka and
// FerretDB; a closed loop of clients creates jobs as fast as it answers; mid-run the process gets
// SIGTERM. Then:
// - it exits 0, and no request it had taken was cut: a client sees an answer, a refused connection
//   (after the stop), or a reset of a connection whose request the server never read — and then the
//   command was not executed (checked by its title in the event store);
// - every job that got a 201 is in the event store, and its outbox row was published;
// - the offsets its consumers committed are exactly what they applied (their checkpoints), so
//   nothing is applied twice nor skipped by the next replica;
// - a new process (the next replica) brings every 201 job into the read model.
// Each client request uses its own connection (no keep-alive), so every failure belongs to one command.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import { apiPaths, type SignUpResponse } from '@candor/contracts';
import { generateLinkKeys } from '@candor/runtime';
import { describeWithInfra, type Infra } from '../support/infra';
import { createFreshDatabases, type FreshDatabases } from '../distributed/fresh-databases';
import { startService, type ServiceProcess } from '../distributed/service-process';
import { tokenKeys } from '../distributed/token-keys';

jest.setTimeout(180_000);

interface Answer {
  status: number;
  body: string;
}

/** One POST on a fresh connection; rejects with the socket error's code when there is no answer. */
function post(url: string, body: unknown, bearer: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describeWithInfra('SIGTERM under load (invite as a process)', ['postgres', 'kafka', 'mongo'], (servers) => {
  let databases: FreshDatabases;
  let env: Record<string, string>;
  let keys: Awaited<ReturnType<typeof tokenKeys>>;
  const started: ServiceProcess[] = [];

  beforeAll(async () => {
    const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_sigterm' });
    keys = await tokenKeys();
    env = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_NAMESPACE: databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-'),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await Promise.allSettled(started.map((service) => service.stop()));
    await databases?.drop();
  });

  test('every accepted command is stored, published and reaches the read model; offsets are committed', async () => {
    const identity = await startService('identity', { ...env, ...keys.envFor('identity') });
    started.push(identity);
    const inviteEnv = { ...env, ...keys.envFor('invite', identity.url) };
    const invite = await startService('invite', inviteEnv);
    started.push(invite);
    const signUp = await fetch(identity.url + apiPaths.identity.signUp, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organisationName: 'Term Org', name: 'Tess', email: `term-${randomUUID()}@example.com`, password: 'correct horse battery' }),
    });
    expect(signUp.status).toBe(201);
    const token = ((await signUp.json()) as SignUpResponse).token;

    // the closed loop: each client sends its next command when the last one was answered
    const accepted: string[] = [];
    const refused: string[] = [];
    const cut: string[] = [];
    const other: string[] = [];
    let terminated = false;
    const client = async (n: number) => {
      for (let i = 0; ; i++) {
        const title = `Load ${n}.${i}`;
        try {
          const answer = await post(invite.url + apiPaths.invite.jobs, { title, questions: [{ text: 'Still there?' }] }, token);
          if (answer.status === 201) accepted.push((JSON.parse(answer.body) as { id: string }).id);
          else other.push(`${answer.status} ${answer.body}`);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? String(error);
          // refused: the server no longer listens. A reset without an answer happens to a connection
          // the closing server had not read a request from yet (still in the listen backlog, or
          // accepted but idle): the test checks below that none of those commands was executed.
          if (code === 'ECONNREFUSED') refused.push(code);
          else cut.push(title);
          if (code === 'ECONNREFUSED' && terminated) return;
        }
      }
    };
    const clients = Array.from({ length: 6 }, (_, n) => client(n));
    const deadline = Date.now() + 30_000;
    while (accepted.length < 60 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(accepted.length).toBeGreaterThanOrEqual(60);

    terminated = true;
    const acceptedAtSigterm = accepted.length;
    const code = await invite.stop(); // SIGTERM, then waits for the exit
    await Promise.all(clients);
    expect([code, invite.output()]).toEqual([0, expect.stringContaining('SIGTERM: stopping invite')]);
    expect(other).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    // requests in flight at the signal were answered (the accepted ones after it)
    expect(accepted.length).toBeGreaterThanOrEqual(acceptedAtSigterm);

    const pg = new Client({ connectionString: databases.databaseUrl });
    const mongo = new MongoClient(databases.mongoUrl);
    const kafka = new Kafka({ clientId: 'candor-sigterm-test', brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await Promise.all([pg.connect(), mongo.connect(), admin.connect()]);
    try {
      // every 201 is in the event store, and the relay published everything before it exited
      const streams = new Set((await pg.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM invite.events')).rows.map((row) => row.stream_id));
      expect(accepted.filter((id) => !streams.has(`job-${id}`))).toEqual([]);
      // a command whose client got no answer was not executed: no request was cut once handled
      const titles = new Set((await pg.query<{ title: string }>("SELECT data->>'title' AS title FROM invite.events")).rows.map((row) => row.title));
      expect(cut.filter((title) => titles.has(title))).toEqual([]);
      expect(titles.size).toBe(accepted.length);
      const unpublished = await pg.query<{ n: string }>('SELECT count(*) AS n FROM invite.outbox WHERE published_at IS NULL');
      expect(Number(unpublished.rows[0]!.n)).toBe(0);

      // committed offsets = what each projection applied: events at or before its stream's checkpoint
      const events = (await pg.query<{ stream_id: string; position: number }>('SELECT stream_id, position FROM invite.events')).rows;
      const topic = `${env.KAFKA_NAMESPACE}.candor.invite.events`;
      for (const projection of ['invite.jobs', 'invite.invites']) {
        const checkpoints = await mongo
          .db(databases.mongoDatabase)
          .collection<{ _id: string; streamId: string; position: number }>('projection_checkpoints')
          .find({ projection })
          .toArray();
        const reached = new Map(checkpoints.map((checkpoint) => [checkpoint.streamId, Number(checkpoint.position)]));
        const applied = events.filter((event) => Number(event.position) <= (reached.get(event.stream_id) ?? 0)).length;
        const offsets = await admin.fetchOffsets({ groupId: `${env.KAFKA_NAMESPACE}.projection.${projection}`, topics: [topic] });
        const committed = offsets[0]!.partitions.reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
        expect([projection, committed]).toEqual([projection, applied]);
      }
    } finally {
      await Promise.allSettled([pg.end(), mongo.close(), admin.disconnect()]);
    }

    // the next replica: every accepted job reaches the read model
    const next = await startService('invite', inviteEnv);
    started.push(next);
    const missing = new Set(accepted);
    const until = Date.now() + 60_000;
    while (missing.size > 0 && Date.now() < until) {
      for (const id of [...missing]) {
        const response = await fetch(next.url + apiPaths.invite.job(id), { headers: { authorization: `Bearer ${token}` } });
        if (response.status === 200) missing.delete(id);
      }
      if (missing.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect([...missing]).toEqual([]);
  });
});
