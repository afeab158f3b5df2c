// Readiness on the in-process adapters (PGlite, the in-process bus, memory documents): the lag bound
// itself — a running projection that falls more than `maxProjectionLag` behind is not ready, and ready
// again once it caught up — and "stopping" (test/platform/readiness.e2e.spec.ts covers the real
// servers: a stopped consumer, an unreachable database or document store).
import { createInProcessBus } from '../bus/in-process';
import type { ConsumerGroupRunner, MessageBus, Subscription } from '../bus/types';
import { createMemoryDocumentStore } from '../documents/memory';
import { createLogger } from '../logging';
import { createPgliteClient } from '../sql/pglite';
import type { SqlClient } from '../sql/types';
import { createReadiness } from './readiness';

/** A consumer group whose handler waits at a gate: its lag is what was published and not let through. */
function gatedConsumer(bus: MessageBus, topic: string) {
  let open = false;
  let release: () => void = () => {};
  let gate = new Promise<void>((resolve) => (release = resolve));
  let subscription: Subscription | undefined;
  const consumer: ConsumerGroupRunner = {
    kind: 'projection',
    name: 'test.gated',
    groupId: 'projection.test.gated',
    topics: [topic],
    running: () => subscription !== undefined,
    async start() {
      subscription = await bus.subscribe({ groupId: 'projection.test.gated', topics: [topic], handle: () => (open ? Promise.resolve() : gate) });
    },
    async stop() {
      open = true;
      release();
      await subscription?.stop();
      subscription = undefined;
    },
  };
  return {
    consumer,
    openGate() {
      open = true;
      release();
      gate = Promise.resolve();
    },
  };
}

describe('readiness', () => {
  let sql: SqlClient;
  let bus: MessageBus;
  beforeAll(async () => {
    sql = createPgliteClient();
    // PGlite starts its WebAssembly Postgres on the first query, which takes longer than the
    // readiness check's 2 s limit on a busy machine: start it here, so the check measures readiness
    await sql.query('SELECT 1');
    bus = createInProcessBus({ logger: createLogger('test', 'silent') });
  });
  afterAll(async () => {
    await bus.close();
    await sql.close();
  });

  test('a running projection beyond the lag bound is not ready, and ready again once it caught up', async () => {
    const { consumer, openGate } = gatedConsumer(bus, 'test.readiness.lag');
    await consumer.start();
    const readiness = createReadiness({ sql, bus, documents: createMemoryDocumentStore(), consumers: [consumer], maxProjectionLag: 3, stopping: () => false });
    expect(await readiness.check()).toEqual({
      ready: true,
      checks: { database: { ok: true }, documents: { ok: true }, broker: { ok: true }, 'projection test.gated': { ok: true, detail: '0 messages behind' } },
    });

    // one key: one partition, handled in order, the first message held at the gate
    await bus.publish('test.readiness.lag', Array.from({ length: 3 }, (_, i) => ({ key: 'k', value: String(i) })));
    expect((await readiness.check()).checks['projection test.gated']).toEqual({ ok: true, detail: '3 messages behind' });
    await bus.publish('test.readiness.lag', [{ key: 'k', value: '3' }]);
    const behind = await readiness.check();
    expect(behind.ready).toBe(false);
    expect(behind.checks['projection test.gated']).toEqual({ ok: false, detail: '4 messages behind (at most 3)' });
    expect(behind.checks.database).toEqual({ ok: true });

    openGate();
    const deadline = Date.now() + 5_000;
    let after = await readiness.check();
    while (!after.ready && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await readiness.check();
    }
    expect(after.checks['projection test.gated']).toEqual({ ok: true, detail: '0 messages behind' });
    await consumer.stop();
  });

  test('not ready from the moment the process stops, even with every dependency up', async () => {
    let stopping = false;
    const readiness = createReadiness({ sql, bus, documents: createMemoryDocumentStore(), consumers: [], maxProjectionLag: 3, stopping: () => stopping });
    expect((await readiness.check()).ready).toBe(true);
    stopping = true;
    expect(await readiness.check()).toEqual({
      ready: false,
      checks: { shutdown: { ok: false, detail: 'the process is stopping' }, database: { ok: true }, documents: { ok: true }, broker: { ok: true } },
    });
  });
});
