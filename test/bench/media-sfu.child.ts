// The media bench's SFU process: one room of the engine under test (or the bare werift relay, the
// baseline), alone in its process so that its CPU is measured by itself. The bench drives it over
// IPC with the same calls the media service makes (publish, subscribe, answer, stats).
//   MEDIA_BENCH_TARGET  engine | relay
//   BENCH_MEDIA_ENGINE  werift (default) | mediasoup | auto   (for the engine target)
import { createSfuEngine, type SfuEngineChoice } from '@candor/media/src/sfu/choose-engine';
import type { RoomStats, SfuEngine } from '@candor/media/src/sfu/types';
import { createLogger } from '@candor/runtime/src/logging';
import { BareWeriftRelay } from './media-relay';

export type MediaBenchRequest =
  | { id: number; op: 'open' }
  | { id: number; op: 'publish'; participantId: string; offerSdp: string }
  | { id: number; op: 'subscribe'; subscriberId: string; publisherId: string }
  | { id: number; op: 'answer'; subscriptionId: string; answerSdp: string }
  | { id: number; op: 'measure' }
  | { id: number; op: 'close' };

/** A request before the channel numbers it. */
export type MediaBenchCall = MediaBenchRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export interface Measurement {
  /** this Node process's own CPU seconds (process.cpuUsage) */
  nodeCpuSeconds: number;
  stats: RoomStats;
  engine: string;
}

interface Target {
  name: string;
  publish(participantId: string, offerSdp: string): Promise<{ answerSdp: string }>;
  subscribe(subscriberId: string, publisherId: string): Promise<{ subscriptionId: string; offerSdp: string }>;
  answer(subscriptionId: string, answerSdp: string): Promise<void>;
  stats(): RoomStats | Promise<RoomStats>;
  close(): Promise<void>;
}

async function openTarget(): Promise<Target> {
  if (process.env.MEDIA_BENCH_TARGET === 'relay') {
    const relay = new BareWeriftRelay();
    return { name: 'bare werift relay', ...bind(relay) };
  }
  const logger = createLogger('media-bench', process.env.LOG_LEVEL ?? 'warn');
  const engine: SfuEngine = await createSfuEngine({
    engine: (process.env.BENCH_MEDIA_ENGINE ?? 'werift') as SfuEngineChoice,
    logger,
  });
  const room = await engine.createRoom('bench-room');
  return {
    name: engine.name,
    ...bind(room),
    close: async () => {
      await room.close();
      await engine.close();
    },
  };
}

function bind(target: Omit<Target, 'name'>): Omit<Target, 'name'> {
  return {
    publish: (participantId, offerSdp) => target.publish(participantId, offerSdp),
    subscribe: (subscriberId, publisherId) => target.subscribe(subscriberId, publisherId),
    answer: (subscriptionId, answerSdp) => target.answer(subscriptionId, answerSdp),
    stats: () => target.stats(),
    close: () => target.close(),
  };
}

let target: Target | undefined;

async function handle(request: MediaBenchRequest): Promise<unknown> {
  if (request.op === 'open') {
    target = await openTarget();
    return { engine: target.name };
  }
  if (!target) throw new Error('open first');
  switch (request.op) {
    case 'publish':
      return target.publish(request.participantId, request.offerSdp);
    case 'subscribe':
      return target.subscribe(request.subscriberId, request.publisherId);
    case 'answer':
      return target.answer(request.subscriptionId, request.answerSdp);
    case 'measure': {
      const { user, system } = process.cpuUsage();
      const measurement: Measurement = {
        nodeCpuSeconds: (user + system) / 1e6,
        stats: await target.stats(),
        engine: target.name,
      };
      return measurement;
    }
    case 'close':
      await target.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (request: MediaBenchRequest) => {
  handle(request).then(
    (result) => process.send!({ id: request.id, ok: true, result }),
    (error: Error) => process.send!({ id: request.id, ok: false, error: error.stack ?? error.message }),
  );
});
// the bench is our parent: when it goes, so do we
process.on('disconnect', () => process.exit(0));
