// Reads of the timelines read model, always scoped to one organisation.
import type { HeldInterview, InterviewTimeline } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import { timelinesProjection, type TimelineDocument } from './projection';

const toView = (doc: TimelineDocument): InterviewTimeline => {
  const {
    _id,
    organisationId: _organisationId,
    held: _held,
    cancelledAt: _cancelledAt,
    connections: _connections,
    ...view
  } = withoutRunnerFields(doc);
  return view;
};

export function timelinesQuery(documents: DocumentStore) {
  const timelines = () => documents.collection<TimelineDocument>(timelinesProjection.collection);
  return {
    /** null for an unknown room and another organisation's alike */
    async get(organisationId: string, roomId: string): Promise<InterviewTimeline | null> {
      const doc = await timelines().get(roomId);
      return doc && doc.organisationId === organisationId ? toView(doc) : null;
    },
    /** The interviews that took place, the latest start first. */
    async held(organisationId: string, limit = 100): Promise<HeldInterview[]> {
      const docs = await timelines().find({ organisationId, held: true }, { sort: { startedAt: -1 }, limit });
      return docs.map(({ roomId, candidateName, status, startedAt, endedAt, durationSeconds }) => ({
        roomId,
        candidateName,
        status,
        startedAt,
        endedAt,
        durationSeconds,
      }));
    },
  };
}
export type TimelinesQuery = ReturnType<typeof timelinesQuery>;
