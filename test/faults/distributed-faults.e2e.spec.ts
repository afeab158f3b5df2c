// Fault injection in the distributed mode: identity, invite, session and notification as their own
// processes on a Kafka broker and a Postgres server of this suite's own (test/faults/own-servers.ts:
// they are killed, so never the shared ones), and the shared Mongo-wire server (FerretDB) in a fresh
// database. A closed loop of recruiter commands (three recruiters, each pausing CANDOR_FAULTS_THINK_MS,
// default 1000, between commands: sign-ups, jobs, invites — each invite makes the
// session service open a session and the notification service send an email, both over Kafka) runs
// for CANDOR_FAULTS_SECONDS (default 300; longer if the faults take longer), and meanwhile:
//   - the Kafka broker is killed with SIGKILL twice, each time down CANDOR_FAULTS_KAFKA_DOWN_SECONDS
//     (default 30) before it is started again on the same data;
//   - Postgres is restarted once (pg_ctl restart -m fast: every connection dropped);
//   - the notification process (a consumer) is killed with SIGKILL while invitations flow, and
//     started again.
// Afterwards, once the system has caught up: every command that was answered 2xx is in the read
// models exactly once (each job and invite readable; exactly one session per invite), and no side
// effect happened twice (exactly one invitation email per invite, one `sent` delivery each, no
// duplicate session) — but for the window the notification policy documents: an email the SMTP server
// accepted in the instant before the SIGKILL, not yet recorded, is sent again after the restart (at
// most one per partition in flight, each provably straddling the kill). Answers other than 2xx during the faults are allowed and counted; the counts
// are printed. Loopback only. The catch-up may take CANDOR_FAULTS_CATCH_UP_SECONDS (default 300);
// then the rows left in each outbox and each consumer group's position are printed, and every
// service's output (the killed process's too) is kept in .cache/faults/<run>/.
//
// What it found: a service restarted just before a broker crash made its first publish while the
// broker was down; the Kafka bus remembered that failed producer connect and failed every later
// publish, so the notification outbox never drained and the deliveries read model stalled although
// every email had gone out (fixed in the bus; outbox-recovery.int.spec.ts is the focused test).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
  type CommandResult,
  type CreateInviteResponse,
  type DeliveriesResponse,
  type ListSessionsResponse,
  type SignUpResponse,
  topics,
} from '@candor/contracts';
import { generateLinkKeys } from '@candor/runtime';
import { useExclusive } from '../support/exclusive';
import { describeWithInfra, type Infra } from '../support/infra';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { createFreshDatabases, type FreshDatabases } from '../distributed/fresh-databases';
import { isAlive, startService, type ServiceProcess } from '../distributed/service-process';
import { inPool } from '../fuzz/fuzz-client';
import { tokenKeys } from '../distributed/token-keys';
import {
  javaMissing,
  kafkaLibs,
  postgresMissing,
  startOwnKafka,
  startOwnPostgres,
  type OwnKafka,
  type OwnPostgres,
} from './own-servers';
import { consumerSnapshot, keepLogs, outboxSnapshot } from './fault-diagnostics';

const seconds = Number(process.env.CANDOR_FAULTS_SECONDS ?? 300);
const kafkaDownSeconds = Number(process.env.CANDOR_FAULTS_KAFKA_DOWN_SECONDS ?? 30);
/** how long the system may take to catch up after the loop before the counts are taken */
const catchUpSeconds = Number(process.env.CANDOR_FAULTS_CATCH_UP_SECONDS ?? 300);
const workers = 3;
/** each recruiter's pause between commands: bounds the work the catch-up must do after the faults */
const thinkMs = Number(process.env.CANDOR_FAULTS_THINK_MS ?? 1000);
jest.setTimeout((seconds + catchUpSeconds + 600) * 1000);

const missing = [
  javaMissing(),
  postgresMissing(),
  kafkaLibs() ? undefined : 'the Kafka jars are not cached (bash deploy/infra/kafka.sh install, or CANDOR_KAFKA_LIBS)',
].filter(Boolean);

describeWithInfra('fault injection across service processes', ['mongo'], (servers) => {
  if (missing.length) {
    test('the suite can run its own Kafka and Postgres', () => {
      throw new Error(missing.join('; '));
    });
    return;
  }
  // a Kafka broker, Postgres and four services under load: the real-time suites (browsers, media)
  // must not run beside it, nor it beside them
  useExclusive();
  let kafka: OwnKafka;
  let postgres: OwnPostgres;
  let databases: FreshDatabases;
  let smtp: SmtpCapture;
  let env: Record<string, string>;
  let keys: Awaited<ReturnType<typeof tokenKeys>>;
  const kafkaDir = mkdtempSync(join(tmpdir(), 'candor-faults-kafka-'));
  const started: Record<string, ServiceProcess> = {};
  /** every process started, the killed ones too, for the logs kept at the end */
  const everyProcess: ServiceProcess[] = [];
  const run = new Date().toISOString().replace(/[:.]/g, '-');

  const start = async (name: string) => {
    started[name] = await startService(
      name,
      { ...env, ...keys.envFor(name, name === 'identity' ? undefined : started.identity!.url) },
      120_000,
    );
    everyProcess.push(started[name]!);
  };

  async function call<T>(
    service: string,
    path: string,
    init: { method?: string; body?: unknown; bearer?: string } = {},
  ) {
    const response = await fetch(started[service]!.url + path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.bearer ? { authorization: `Bearer ${init.bearer}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let body: T | undefined;
    try {
      body = text ? (JSON.parse(text) as T) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body: body as T };
  }

  beforeAll(async () => {
    const { mongoUrl } = servers() as Required<Infra>;
    [kafka, postgres] = await Promise.all([startOwnKafka(kafkaDir, kafkaLibs()!), startOwnPostgres()]);
    databases = await createFreshDatabases({ pgUrl: postgres.url, mongoUrl, prefix: 'candor_faults' });
    smtp = await startSmtpCapture();
    env = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_NAMESPACE: databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-'),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      CANDOR_SMTP_URL: smtp.url,
      CANDOR_PUBLIC_URL: 'https://candor.example.test',
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    keys = await tokenKeys();
    await start('identity');
    await Promise.all(['invite', 'session', 'notification'].map(start));
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled(Object.values(started).map((service) => service.stop()));
    const dir = keepLogs(run, [
      ...everyProcess.map((service, n) => ({ name: `${n}-${service.name}`, output: service.output() })),
      ...(kafka ? [{ name: 'kafka', output: kafka.log() }] : []),
    ]);
    console.log(`faults: service logs kept in ${dir}`);
    await smtp?.close();
    await databases?.drop().catch(() => undefined);
    await kafka?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    rmSync(kafkaDir, { recursive: true, force: true });
  }, 120_000);

  test(`a ${seconds} s closed loop of commands through two broker crashes, a Postgres restart and a consumer crash: every 2xx exactly once`, async () => {
    const answered = { ok: 0, refused: 0, failed: 0, unreachable: 0 };
    const signUps: { email: string; token: string }[] = [];
    const jobs: { id: string; token: string }[] = [];
    const invites: { id: string; email: string; jobId: string; token: string }[] = [];
    const faults: string[] = [];
    const t0 = Date.now();
    const at = (s: number) => sleep(Math.max(0, t0 + s * 1000 - Date.now()));
    const note = (what: string) => faults.push(`${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);

    const count = (status: number) => {
      if (status < 300) answered.ok++;
      else if (status < 500) answered.refused++;
      else answered.failed++;
    };
    /** One recruiter's loop: sign up, then a job, then invites to it (a new job now and then). */
    const worker = async (n: number) => {
      let recruiter: { token: string } | undefined;
      let job: { id: string; token: string } | undefined;
      while (injecting || Date.now() - t0 < seconds * 1000) {
        await sleep(thinkMs);
        try {
          if (!recruiter) {
            const email = `faults-${n}-${randomUUID()}@example.com`;
            const signUp = await call<SignUpResponse>('identity', apiPaths.identity.signUp, {
              method: 'POST',
              body: {
                organisationName: `Faults ${n}`,
                name: 'Rita Recruiter',
                email,
                password: 'correct horse battery',
              },
            });
            count(signUp.status);
            if (signUp.status === 201) {
              recruiter = { token: signUp.body.token };
              signUps.push({ email, token: signUp.body.token });
            }
          } else if (!job || Math.random() < 0.01) {
            const created = await call<CommandResult>('invite', apiPaths.invite.jobs, {
              method: 'POST',
              bearer: recruiter.token,
              body: { title: `Job ${jobs.length}`, questions: [{ text: 'Why?' }] },
            });
            count(created.status);
            if (created.status === 201) jobs.push((job = { id: created.body.id, token: recruiter.token }));
          } else {
            const email = `candidate-${randomUUID()}@example.com`;
            const created = await call<CreateInviteResponse>('invite', apiPaths.invite.invites, {
              method: 'POST',
              bearer: recruiter.token,
              body: { jobId: job.id, candidateEmail: email, candidateName: 'Cand Idate' },
            });
            count(created.status);
            if (created.status === 201)
              invites.push({ id: created.body.id, email, jobId: job.id, token: recruiter.token });
            // a job the read model does not know yet (Kafka down): its invites wait; try a while later
            if (created.status === 404 || created.status === 409) await sleep(500);
          }
        } catch {
          answered.unreachable++;
          await sleep(250);
        }
      }
    };

    // each fault waits for its moment and for the one before it (a broker start takes a while on a
    // loaded machine); the load runs until the last fault is over, and at least `seconds`
    let injecting = true;
    let notificationKilledAt = NaN;
    const injector = (async () => {
      await at(seconds * 0.1);
      kafka.kill();
      note('kafka killed (SIGKILL)');
      await sleep(kafkaDownSeconds * 1000);
      await kafka.start();
      note('kafka started again');
      await at(seconds * 0.45);
      await postgres.restart();
      note('postgres restarted');
      await at(seconds * 0.5);
      if (!isAlive(started.notification!.pid))
        throw new Error(
          `notification had exited before the kill:\n${started.notification!.output().slice(-4000)}\nfaults: ${faults.join('; ')}`,
        );
      process.kill(-started.notification!.pid, 'SIGKILL');
      notificationKilledAt = Date.now();
      note('notification killed (SIGKILL) while invitations flow');
      await start('notification');
      note('notification started again');
      await at(seconds * 0.6);
      kafka.kill();
      note('kafka killed (SIGKILL) again');
      await sleep(kafkaDownSeconds * 1000);
      await kafka.start();
      note('kafka started again');
    })().finally(() => {
      injecting = false;
    });

    await Promise.all([...Array.from({ length: workers }, (_, n) => worker(n)), injector]);
    const loopEnded = Date.now();
    // a service that exited on its own during the faults is a finding in itself: say which, and why
    const dead = Object.values(started).filter((service) => !isAlive(service.pid));
    if (dead.length)
      throw new Error(
        `exited during the faults: ${dead.map((service) => `--- ${service.name} ---\n${service.output().slice(-4000)}`).join('\n')}\nfaults: ${faults.join('; ')}`,
      );

    // caught up: every invite has its email, its delivery and its session (bounded wait)
    const deadline = Date.now() + catchUpSeconds * 1000;
    const sessionsOf = async (jobId: string, token: string) => {
      const all: ListSessionsResponse['sessions'] = [];
      for (let page = 1; ; page++) {
        const answer = await call<ListSessionsResponse>(
          'session',
          `${apiPaths.session.sessions}?jobId=${jobId}&pageSize=100&page=${page}`,
          { bearer: token },
        );
        if (answer.status !== 200) throw new Error(`sessions ${answer.status}`);
        all.push(...answer.body.sessions);
        if (answer.body.sessions.length < 100) return all;
      }
    };
    const mailsTo = (email: string) => smtp.messages.filter((mail) => mail.to.includes(email)).length;
    const sessionCounts = async () => {
      const counts = new Map<string, number>();
      await inPool(jobs, 6, async (job) => {
        for (const session of await sessionsOf(job.id, job.token))
          counts.set(session.inviteId, (counts.get(session.inviteId) ?? 0) + 1);
      });
      return counts;
    };
    let sessions = new Map<string, number>();
    let lastReport = 0;
    for (;;) {
      sessions = await sessionCounts().catch(() => new Map<string, number>());
      const mailed = invites.filter((invite) => mailsTo(invite.email) >= 1).length;
      const opened = invites.filter((invite) => (sessions.get(invite.id) ?? 0) >= 1).length;
      if (mailed === invites.length && opened === invites.length) break;
      if (Date.now() > deadline) break;
      if (Date.now() - lastReport > 20_000) {
        lastReport = Date.now();
        console.log(
          `faults: catching up ${((Date.now() - loopEnded) / 1000).toFixed(0)} s after the loop: ${mailed}/${invites.length} emailed, ${opened}/${invites.length} with a session`,
        );
      }
      await sleep(2_000);
    }
    await sleep(5_000); // late duplicates, if any, would arrive now
    sessions = await sessionCounts();

    const missingJobs: string[] = [];
    for (const job of jobs)
      if ((await call('invite', apiPaths.invite.job(job.id), { bearer: job.token })).status !== 200)
        missingJobs.push(job.id);
    const missingInvites: string[] = [];
    await inPool(invites, 8, async (invite) => {
      if ((await call('invite', apiPaths.invite.invite(invite.id), { bearer: invite.token })).status !== 200)
        missingInvites.push(invite.id);
    });
    // The deliveries read model follows EmailSent through the outbox, Kafka and the projection, so it
    // may trail the SMTP server's inbox after the broker came back: wait (within the deadline) until
    // every invite shows a sent delivery, then count them (a duplicate would show as 2).
    const sentPerInvite = async () => {
      const sent = new Map<string, number>();
      await inPool(invites, 8, async (invite) => {
        const delivered = await call<DeliveriesResponse>('notification', apiPaths.notification.deliveries(invite.id), {
          bearer: invite.token,
        });
        sent.set(invite.id, delivered.body?.deliveries?.filter((delivery) => delivery.status === 'sent').length ?? 0);
      });
      return sent;
    };
    let sentCounts = await sentPerInvite();
    while ([...sentCounts.values()].some((count) => count === 0) && Date.now() < deadline) {
      await sleep(2_000);
      sentCounts = await sentPerInvite();
    }
    // where every event stands now: rows left in an outbox, consumer groups behind their topics
    const where = [
      ...(await outboxSnapshot(databases.databaseUrl, ['identity', 'invite', 'session', 'notification']).catch(
        (error: Error) => [`outbox: ${error.message}`],
      )),
      ...(await consumerSnapshot(kafka.brokers, env.KAFKA_NAMESPACE!, [
        { groupId: 'projection.notification.deliveries', topics: [topics.notification] },
        { groupId: 'policy.notification.invitations', topics: [topics.invite] },
      ]).catch((error: Error) => [`consumers: ${error.message}`])),
    ];
    console.log(`faults: after the catch-up:\n  ${where.join('\n  ')}`);
    const deliveries: Record<string, number> = {};
    for (const count of sentCounts.values()) deliveries[count] = (deliveries[count] ?? 0) + 1;
    const loggedIn = await Promise.all(
      signUps.map((s) =>
        call('identity', apiPaths.identity.logIn, {
          method: 'POST',
          body: { email: s.email, password: 'correct horse battery' },
        }),
      ),
    );
    const emailsPerInvite = invites.map((invite) => mailsTo(invite.email));
    // The one repeat the design allows (notification/src/policies/invitations.ts): SMTP has no
    // idempotent submit, so an email the server accepted in the instant before the SIGKILL, whose
    // outcome was not recorded yet, is sent again by the restarted process. It is the same message:
    // the same Message-ID (delivery messageKeyOf), by which receiving mail systems keep one. So every
    // invite has exactly one distinct message; a repeat has two receipts, one before the kill and one
    // after it, at most one per partition the policy was handling (three). Anything else fails.
    const messageIdsPerInvite = invites.map(
      (invite) => new Set(smtp.messages.filter((mail) => mail.to.includes(invite.email)).map((mail) => mail.parsed.messageId)),
    );
    const resent = invites
      .map((invite) => smtp.messages.filter((mail) => mail.to.includes(invite.email)).map((mail) => mail.receivedAt))
      .filter((times) => times.length > 1)
      .map((times) => times.sort((a, b) => a - b));
    const unexplained = resent.filter(
      (times) => times.length !== 2 || !(times[0]! <= notificationKilledAt && times[1]! > notificationKilledAt),
    );
    const sessionsPerInvite = invites.map((invite) => sessions.get(invite.id) ?? 0);
    const tally = (values: number[]) =>
      Object.fromEntries([...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<number, number>())].sort());
    console.log(
      `faults: ${seconds} s loop, ${workers} workers; answers ${JSON.stringify(answered)}; 2xx: ${signUps.length} sign-ups, ${jobs.length} jobs, ${invites.length} invites; ` +
        `caught up ${((Date.now() - loopEnded) / 1000).toFixed(1)} s after the loop; emails per invite ${JSON.stringify(tally(emailsPerInvite))}; ` +
        `re-sent across the notification kill ${resent.length}; sessions per invite ${JSON.stringify(tally(sessionsPerInvite))}; sent deliveries per invite ${JSON.stringify(deliveries)}; faults: ${faults.join('; ')}`,
    );

    expect(faults).toHaveLength(7);
    expect(invites.length).toBeGreaterThan(20);
    expect(missingJobs).toEqual([]);
    expect(missingInvites).toEqual([]);
    expect(loggedIn.filter((answer) => answer.status !== 200)).toEqual([]);
    expect(tally(sessionsPerInvite)).toEqual({ 1: invites.length });
    expect(emailsPerInvite.filter((count) => count === 0)).toEqual([]);
    expect(unexplained).toEqual([]);
    expect(messageIdsPerInvite.filter((ids) => ids.size !== 1 || ids.has(undefined))).toEqual([]);
    expect(resent.length).toBeLessThanOrEqual(3);
    expect(deliveries).toEqual({ 1: invites.length });
    // nothing beyond the invites' own emails (and those re-sent across the kill) was sent
    expect(smtp.messages.length).toBe(invites.length + resent.length);
  });
});
