// Reads of the recordings read model, always scoped to one organisation.
import type { RecordingView } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import { deleteAfter, type Retention } from '../../retention';
import { recordingsProjection, type RecordingDocument } from './projection';

/** The playlist entry: the deletion date follows the retention in force now. */
export function toView(doc: RecordingDocument, retention: Pick<Retention, 'days'>): RecordingView {
  const { _id, organisationId: _organisationId, key: _key, ...view } = withoutRunnerFields(doc);
  const scheduled = view.status !== 'deleted' && view.endedAt !== null;
  return { ...view, deleteAfter: scheduled ? deleteAfter(view.endedAt!, retention) : null };
}

export function recordingsQuery(documents: DocumentStore) {
  const recordings = () => documents.collection<RecordingDocument>(recordingsProjection.collection);
  return {
    /** One interview's segments, in the order they were recorded. */
    async ofInterview(organisationId: string, roomId: string): Promise<RecordingDocument[]> {
      const docs = await recordings().find({ organisationId, roomId }, { sort: { index: 1 } });
      return docs;
    },
    async get(organisationId: string, recordingId: string): Promise<RecordingDocument | null> {
      const doc = await recordings().get(recordingId);
      return doc && doc.organisationId === organisationId ? doc : null;
    },
    /** Any organisation's segment: for the playback route, whose token names the organisation. */
    async find(recordingId: string): Promise<RecordingDocument | null> {
      return recordings().get(recordingId);
    },
    /** Segments that have ended and are not deleted (the sweeper's candidates), a page at a time. */
    async ended(status: 'processing' | 'ready' | 'failed', skip: number, limit: number): Promise<RecordingDocument[]> {
      return recordings().find({ status }, { sort: { endedAt: 1 }, skip, limit });
    },
  };
}
export type RecordingsQuery = ReturnType<typeof recordingsQuery>;
