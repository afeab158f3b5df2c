// The pipeline bench's second process (BENCH_PIPELINE_SPLIT): the invite service's consumers
// (CANDOR_ROLE=consumers: the jobs projection on Kafka, writing to Mongo), reporting to the bench
// over IPC the moment Mongo acknowledged each job document's write, and its own event-loop use and
// CPU over the measured window.
import { performance } from 'node:perf_hooks';
import { observePuts } from './read-model-observer';
import { jobsProjection } from '@candor/invite';
import { runBenchInviteService, type BenchServiceSetup } from './pipeline-service';

export type ToConsumers = { type: 'window-start' } | { type: 'window-end' } | { type: 'stop' };
export type FromConsumers =
  | { type: 'ready' }
  | { type: 'written'; ids: string[]; at: number; startedAt: number }
  | { type: 'window'; eventLoopUtilisation: number; cpuCores: number }
  | { type: 'stopped' };

const send = (message: FromConsumers) => process.send!(message);
const setup = JSON.parse(process.env.BENCH_SERVICE_SETUP!) as BenchServiceSetup;

async function main(): Promise<void> {
  // batched per tick: one IPC message per bulk write, not per document
  // (a bulk write's documents share their moments)
  let pending: string[] = [];
  let at = 0;
  let startedAt = 0;
  const observer = observePuts(jobsProjection.collection, (id, writtenAt, began) => {
    if (pending.length > 0 && (writtenAt !== at || began !== startedAt)) flush();
    if (pending.length === 0) setImmediate(flush);
    at = writtenAt;
    startedAt = began;
    pending.push(id);
  });
  function flush() {
    if (pending.length === 0) return;
    send({ type: 'written', ids: pending, at, startedAt });
    pending = [];
  }
  const running = await runBenchInviteService(setup, 'consumers', { observeDocuments: observer.wrap });
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  let since = performance.now();
  process.on('message', (message: ToConsumers) => {
    if (message.type === 'window-start') {
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
      since = performance.now();
    } else if (message.type === 'window-end') {
      const used = process.cpuUsage(cpu);
      send({
        type: 'window',
        eventLoopUtilisation: Math.round(performance.eventLoopUtilization(elu).utilization * 100) / 100,
        cpuCores: Math.round(((used.user + used.system) / 1000 / (performance.now() - since)) * 100) / 100,
      });
    } else if (message.type === 'stop') {
      void running.stop().finally(() => {
        send({ type: 'stopped' });
        process.disconnect();
      });
    }
  });
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error('bench consumers process failed:', error);
  process.exit(1);
});
