// The MessageBus contract: what every adapter (Kafka, in-process) guarantees. Run it with a function
// that gives the bus under test; each case uses its own topics and groups, so one bus serves them all.
import type { DeliveredMessage, MessageBus, OutgoingMessage, ParkedMessage } from '@candor/runtime/src/bus';
import { deadLetterHeader, deadLetterTopic } from '@candor/runtime/src/bus/dead-letters';
import { sleep, uniqueName, waitUntil } from './helpers';

export function busContract(getBus: () => MessageBus): void {
  const bus = () => getBus();
  const topic = async () => {
    const name = uniqueName('contract.bus');
    await bus().ensureTopics([name]);
    return name;
  };
  const values = (received: DeliveredMessage[]) => received.map((message) => message.value);
  const numbered = (key: string, from: number, to: number): OutgoingMessage[] =>
    Array.from({ length: to - from }, (_, i) => ({ key, value: `${key}:${from + i}` }));

  test('every group gets every message', async () => {
    const name = await topic();
    const first: DeliveredMessage[] = [];
    const second: DeliveredMessage[] = [];
    const subscriptions = await Promise.all(
      [first, second].map((received) =>
        bus().subscribe({ groupId: uniqueName('group'), topics: [name], handle: async (m) => void received.push(m) }),
      ),
    );
    const messages = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 7}`, value: `m${i}` }));
    await bus().publish(name, messages);
    await waitUntil('both groups got 30', () => first.length >= 30 && second.length >= 30);
    expect(new Set(values(first))).toEqual(new Set(messages.map((m) => m.value)));
    expect(new Set(values(second))).toEqual(new Set(messages.map((m) => m.value)));
    expect(first[0]).toMatchObject({ topic: name });
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
  });

  test('two consumers in one group share the work without duplicates', async () => {
    const name = await topic();
    const groupId = uniqueName('group');
    const a: string[] = [];
    const b: string[] = [];
    const one = await bus().subscribe({ groupId, topics: [name], handle: async (m) => void a.push(m.value) });
    const two = await bus().subscribe({ groupId, topics: [name], handle: async (m) => void b.push(m.value) });
    const messages = Array.from({ length: 60 }, (_, i) => ({ key: `key-${i % 20}`, value: `m${i}` }));
    await bus().publish(name, messages);
    await waitUntil('the group handled 60', () => a.length + b.length >= 60);
    await sleep(300); // a duplicate would show up now
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect([...a, ...b].sort()).toEqual(messages.map((m) => m.value).sort());
    await Promise.all([one.stop(), two.stop()]);
  });

  test('keeps per-key order under load (20 keys x 100 messages)', async () => {
    const name = await topic();
    const keys = Array.from({ length: 20 }, (_, i) => `stream-${i}`);
    const seen = new Map<string, number[]>(keys.map((key) => [key, []]));
    let handled = 0;
    const subscription = await bus().subscribe({
      groupId: uniqueName('group'),
      topics: [name],
      handle: async (m) => {
        if (handled % 97 === 0) await sleep(1); // let partitions interleave
        seen.get(m.key)!.push(Number(m.value.split(':')[1]));
        handled++;
      },
    });
    for (let round = 0; round < 10; round++) {
      await bus().publish(name, keys.flatMap((key) => numbered(key, round * 10, round * 10 + 10)));
    }
    await waitUntil('2000 handled', () => handled >= 2000, 60_000);
    for (const key of keys) expect(seen.get(key)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    await subscription.stop();
  });

  test.each([
    ['an Error', () => new Error('projection store unavailable')],
    // kafkajs treats a TypeError as unrecoverable: it would crash the consumer and not restart it
    ['a TypeError', () => new TypeError('cannot read properties of undefined')],
  ])('a handler that throws %s once gets the same message again; later messages of its key wait', async (_, failure) => {
    const name = await topic();
    const attempts: string[] = [];
    const done: string[] = [];
    let failed = false;
    const subscription = await bus().subscribe({
      groupId: uniqueName('group'),
      topics: [name],
      handle: async (m) => {
        attempts.push(m.value);
        if (m.value === 'order-1:1' && !failed) {
          failed = true;
          throw failure();
        }
        done.push(m.value);
      },
    });
    await bus().publish(name, numbered('order-1', 0, 4));
    await waitUntil('4 handled', () => done.length >= 4);
    expect(attempts).toEqual(['order-1:0', 'order-1:1', 'order-1:1', 'order-1:2', 'order-1:3']);
    expect(done).toEqual(['order-1:0', 'order-1:1', 'order-1:2', 'order-1:3']);
    await subscription.stop();
  });

  test('a message whose handler never succeeded goes to the next member of the group', async () => {
    const name = await topic();
    const groupId = uniqueName('group');
    let failures = 0;
    const failing = await bus().subscribe({
      groupId,
      topics: [name],
      handle: async () => {
        failures++;
        throw new Error('still failing');
      },
    });
    await bus().publish(name, numbered('poison', 0, 2));
    await waitUntil('the handler failed twice', () => failures >= 2);
    await failing.stop();
    const received: string[] = [];
    const next = await bus().subscribe({ groupId, topics: [name], handle: async (m) => void received.push(m.value) });
    await waitUntil('both delivered again', () => received.length >= 2);
    expect(received).toEqual(['poison:0', 'poison:1']);
    await next.stop();
  });

  test('headers round-trip as strings; a message without headers has {}', async () => {
    const name = await topic();
    const received: DeliveredMessage[] = [];
    const subscription = await bus().subscribe({ groupId: uniqueName('group'), topics: [name], handle: async (m) => void received.push(m) });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await bus().publish(name, [
      { key: 'h', value: 'with', headers: { traceparent, note: 'grüße ✓' } },
      { key: 'h', value: 'without' },
    ]);
    await waitUntil('2 received', () => received.length >= 2);
    expect(received[0]).toEqual({ topic: name, key: 'h', value: 'with', headers: { traceparent, note: 'grüße ✓' } });
    expect(received[1]).toEqual({ topic: name, key: 'h', value: 'without', headers: {} });
    await subscription.stop();
  });

  test('a restarted group continues from its committed position', async () => {
    const name = await topic();
    const groupId = uniqueName('group');
    const before: string[] = [];
    const first = await bus().subscribe({ groupId, topics: [name], handle: async (m) => void before.push(m.value) });
    await bus().publish(name, numbered('r', 0, 10));
    await waitUntil('first 10', () => before.length >= 10);
    await first.stop();
    await bus().publish(name, numbered('r', 10, 20));
    const after: string[] = [];
    const second = await bus().subscribe({ groupId, topics: [name], handle: async (m) => void after.push(m.value) });
    await waitUntil('next 10', () => after.length >= 10);
    await sleep(300);
    expect(after).toEqual(numbered('r', 10, 20).map((m) => m.value));
    await second.stop();
  });

  test('fromBeginning: a new group sees earlier messages, or only later ones when false', async () => {
    const name = await topic();
    await bus().publish(name, numbered('f', 0, 3));
    const all: string[] = [];
    const latest: string[] = [];
    const fromStart = await bus().subscribe({ groupId: uniqueName('group'), topics: [name], handle: async (m) => void all.push(m.value) });
    const fromNow = await bus().subscribe({
      groupId: uniqueName('group'),
      topics: [name],
      fromBeginning: false,
      handle: async (m) => void latest.push(m.value),
    });
    await bus().publish(name, numbered('f', 3, 5));
    await waitUntil('all 5 and the 2 later', () => all.length >= 5 && latest.length >= 2);
    expect(all).toEqual(['f:0', 'f:1', 'f:2', 'f:3', 'f:4']);
    expect(latest).toEqual(['f:3', 'f:4']);
    await Promise.all([fromStart.stop(), fromNow.stop()]);
  });

  test('handleBatch gets every message once, in batches of one partition, each key in order', async () => {
    const name = await topic();
    const keys = Array.from({ length: 10 }, (_, i) => `batched-${i}`);
    const batches: DeliveredMessage[][] = [];
    const subscription = await bus().subscribe({
      groupId: uniqueName('group'),
      topics: [name],
      handle: async () => {
        throw new Error('handle must not be called when handleBatch is given');
      },
      handleBatch: async (messages) => void batches.push(messages),
    });
    await bus().publish(name, keys.flatMap((key) => numbered(key, 0, 20)));
    await waitUntil('200 handled', () => batches.flat().length >= 200);
    await sleep(300); // a duplicate would show up now
    const received = batches.flat();
    expect(received).toHaveLength(200);
    for (const key of keys) {
      expect(received.filter((m) => m.key === key).map((m) => m.value)).toEqual(numbered(key, 0, 20).map((m) => m.value));
    }
    expect(Math.max(...batches.map((batch) => batch.length))).toBeGreaterThan(1);
    await subscription.stop();
  });

  test('a batch handler that throws gets the same messages again; later ones wait', async () => {
    const name = await topic();
    const calls: string[][] = [];
    const done: string[] = [];
    const subscription = await bus().subscribe({
      groupId: uniqueName('group'),
      topics: [name],
      handle: async () => {
        throw new Error('handle must not be called when handleBatch is given');
      },
      handleBatch: async (messages) => {
        calls.push(messages.map((m) => m.value));
        if (calls.length === 1) throw new Error('read model unavailable');
        done.push(...messages.map((m) => m.value));
      },
    });
    await bus().publish(name, numbered('batch-order', 0, 5));
    await waitUntil('5 handled', () => done.length >= 5);
    await bus().publish(name, numbered('batch-order', 5, 8));
    await waitUntil('8 handled', () => done.length >= 8);
    expect(calls[1]![0]).toBe(calls[0]![0]);
    expect(done).toEqual(numbered('batch-order', 0, 8).map((m) => m.value));
    await subscription.stop();
  });

  describe('poison messages', () => {
    /** Reads a group's dead-letter topic as a fresh group would. */
    const watchDeadLetters = async (groupId: string) => {
      const parked: DeliveredMessage[] = [];
      const subscription = await bus().subscribe({
        groupId: uniqueName('dead-letter-reader'),
        topics: [deadLetterTopic(groupId)],
        handle: async (m) => void parked.push(m),
      });
      return { parked, stop: () => subscription.stop() };
    };

    test('a message that keeps failing is parked after maxAttempts with the error and its origin; the next one is handled', async () => {
      const name = await topic();
      const groupId = uniqueName('group');
      const attempts: string[] = [];
      const handled: string[] = [];
      const told: ParkedMessage[] = [];
      const deadLetters = await watchDeadLetters(groupId);
      const subscription = await bus().subscribe({
        groupId,
        topics: [name],
        deadLetter: { maxAttempts: 3, onParked: (parked) => void told.push(parked) },
        handle: async (m) => {
          attempts.push(m.value);
          if (m.value === 'p:1') throw new TypeError('cannot read properties of undefined');
          handled.push(m.value);
        },
      });
      await bus().publish(name, numbered('p', 0, 3));
      await waitUntil('the message after the poison one was handled', () => handled.length >= 2);
      await waitUntil('the dead letter arrived', () => deadLetters.parked.length >= 1);
      expect(handled).toEqual(['p:0', 'p:2']);
      expect(attempts.filter((value) => value === 'p:1')).toHaveLength(3);
      const [letter] = deadLetters.parked;
      expect(letter).toMatchObject({ key: 'p', value: 'p:1' });
      expect(letter!.headers).toMatchObject({
        [deadLetterHeader.group]: groupId,
        [deadLetterHeader.topic]: name,
        [deadLetterHeader.attempts]: '3',
        [deadLetterHeader.error]: 'TypeError: cannot read properties of undefined',
      });
      expect(Number(letter!.headers[deadLetterHeader.partition])).toBeGreaterThanOrEqual(0);
      expect(letter!.headers[deadLetterHeader.offset]).toMatch(/^\d+$/);
      expect(told).toEqual([expect.objectContaining({ groupId, attempts: 3, message: expect.objectContaining({ value: 'p:1', topic: name }) })]);
      await Promise.all([subscription.stop(), deadLetters.stop()]);
    });

    test('replay hands parked messages to their group only, once: a fixed handler handles each exactly once', async () => {
      const name = await topic();
      const groupId = uniqueName('group');
      let fixed = false;
      const effects = new Map<string, number>();
      const bystander: string[] = [];
      const other = await bus().subscribe({ groupId: uniqueName('group'), topics: [name], handle: async (m) => void bystander.push(m.value) });
      const subscription = await bus().subscribe({
        groupId,
        topics: [name],
        deadLetter: { maxAttempts: 2 },
        handle: async (m) => {
          if (m.value.startsWith('bad') && !fixed) throw new Error('handler bug');
          effects.set(m.value, (effects.get(m.value) ?? 0) + 1);
        },
      });
      await bus().publish(name, [
        { key: 'a', value: 'bad-1' },
        { key: 'a', value: 'good-1' },
        { key: 'b', value: 'bad-2' },
      ]);
      await waitUntil('good-1 handled', () => effects.has('good-1'));
      await waitUntil('the bystander got all three', () => bystander.length >= 3);
      const deadLetters = await watchDeadLetters(groupId);
      await waitUntil('both bad ones parked', () => deadLetters.parked.length >= 2);
      expect(effects.has('bad-1') || effects.has('bad-2')).toBe(false);

      fixed = true;
      expect(await bus().replayDeadLetters(groupId)).toBe(2);
      await waitUntil('both replayed', () => effects.has('bad-1') && effects.has('bad-2'));
      expect(await bus().replayDeadLetters(groupId)).toBe(0);
      await sleep(500); // a second delivery would show up now
      expect(Object.fromEntries(effects)).toEqual({ 'bad-1': 1, 'good-1': 1, 'bad-2': 1 });
      expect(bystander.sort()).toEqual(['bad-1', 'bad-2', 'good-1']); // the replay was not for it
      await Promise.all([subscription.stop(), other.stop(), deadLetters.stop()]);
    });

    test('a failing batch is split: only the poison message is parked, the rest handled in order', async () => {
      const name = await topic();
      const groupId = uniqueName('group');
      const handled: string[] = [];
      const deadLetters = await watchDeadLetters(groupId);
      const subscription = await bus().subscribe({
        groupId,
        topics: [name],
        deadLetter: { maxAttempts: 2 },
        handle: async () => {
          throw new Error('handle must not be called when handleBatch is given');
        },
        handleBatch: async (messages) => {
          if (messages.some((m) => m.value === 'batch:3')) throw new Error('poison in the batch');
          handled.push(...messages.map((m) => m.value));
        },
      });
      await bus().publish(name, numbered('batch', 0, 8));
      await waitUntil('7 handled', () => handled.length >= 7);
      await waitUntil('1 parked', () => deadLetters.parked.length >= 1);
      expect(handled).toEqual(numbered('batch', 0, 8).map((m) => m.value).filter((value) => value !== 'batch:3'));
      expect(deadLetters.parked.map((m) => m.value)).toEqual(['batch:3']);
      await Promise.all([subscription.stop(), deadLetters.stop()]);
    });
  });

  test('stop() waits for the handler in flight', async () => {
    const name = await topic();
    let started = false;
    let finished = false;
    const subscription = await bus().subscribe({
      groupId: uniqueName('group'),
      topics: [name],
      handle: async () => {
        started = true;
        await sleep(300);
        finished = true;
      },
    });
    await bus().publish(name, [{ key: 's', value: 'slow' }]);
    await waitUntil('the handler started', () => started);
    await subscription.stop();
    expect(finished).toBe(true);
  });

  test('lag: per partition, what the group has not handled; a stopped group falls behind by what follows', async () => {
    const name = await topic();
    const groupId = uniqueName('group');
    const total = async () => (await bus().lag(groupId, [name])).reduce((sum, { lag }) => sum + lag, 0);
    // keys spread over several partitions
    await bus().publish(name, ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => ({ key, value: key })));
    const before = await bus().lag(groupId, [name]);
    expect(before.map(({ topic, partition }) => `${topic}#${partition}`).sort()).toEqual([0, 1, 2].map((p) => `${name}#${p}`));
    expect(before.reduce((sum, { lag }) => sum + lag, 0)).toBe(6);
    expect(before.filter(({ lag }) => lag > 0).length).toBeGreaterThan(1);

    const seen: string[] = [];
    const subscription = await bus().subscribe({ groupId, topics: [name], handle: async (m) => void seen.push(m.value) });
    await waitUntil('all 6 handled', () => seen.length >= 6);
    await waitUntil('the lag is 0', async () => (await total()) === 0);
    await subscription.stop();
    await bus().publish(name, numbered('g', 0, 4));
    expect(await total()).toBe(4);
  });
}
