// The retention sweeper: every `intervalMs` it deletes the recordings whose end + their
// organisation's retention has passed (the same deletion as a recruiter's: bytes, then the event).
// The clock is injected so tests move time instead of waiting. One sweep at a time; a failed
// deletion is logged and tried again at the next sweep.
import type { EventStore, Logger } from '@candor/runtime';
import type { RecordingDocument } from '../read-models/recordings/projection';
import type { RecordingsQuery } from '../read-models/recordings/query';
import type { RecordingDeletion } from './delete-recording';
import { deleteAfter, loadRetention, type Retention } from './retention';

export interface RetentionSweeper {
  /** One pass now; answers how many recordings it deleted. */
  sweep(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function retentionSweeper(deps: {
  store: EventStore;
  recordings: RecordingsQuery;
  deletion: RecordingDeletion;
  logger: Logger;
  now: () => Date;
  intervalMs: number;
  pageSize?: number;
}): RetentionSweeper {
  const logger = deps.logger.child({ job: 'recording.retention' });
  const pageSize = deps.pageSize ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | undefined;

  async function pass(): Promise<number> {
    const now = deps.now();
    const retentions = new Map<string, Retention>();
    const retentionOf = async (organisationId: string) => {
      let retention = retentions.get(organisationId);
      if (!retention) retentions.set(organisationId, (retention = await loadRetention(deps.store, organisationId)));
      return retention;
    };
    // collect first, delete after: a deletion moves its document out of the pages being read
    const due: RecordingDocument[] = [];
    for (const status of ['ready', 'failed', 'processing'] as const) {
      for (let skip = 0; ; skip += pageSize) {
        const page = await deps.recordings.ended(status, skip, pageSize);
        for (const doc of page) {
          if (!doc.endedAt) continue;
          if (Date.parse(deleteAfter(doc.endedAt, await retentionOf(doc.organisationId))) <= now.getTime())
            due.push(doc);
        }
        if (page.length < pageSize) break;
      }
    }
    let deleted = 0;
    for (const doc of due) {
      try {
        const segment = { roomId: doc.roomId, organisationId: doc.organisationId, segmentId: doc.id };
        const outcome = await deps.deletion(segment, { actorId: 'retention', reason: 'retention' }, now);
        if (outcome.position > 0) deleted++;
      } catch (error) {
        logger.warn(
          { err: error, recordingId: doc.id },
          'retention could not delete a recording; next sweep tries again',
        );
      }
    }
    if (deleted > 0) logger.info({ deleted }, 'recordings past retention deleted');
    return deleted;
  }

  const sweep = () => (current ??= pass().finally(() => (current = undefined)));

  return {
    sweep,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        sweep().catch((error) => logger.error({ err: error }, 'retention sweep failed'));
      }, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await current?.catch(() => undefined);
    },
  };
}
