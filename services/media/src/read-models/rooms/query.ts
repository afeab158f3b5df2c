// Reads of the rooms read model, always scoped to one organisation.
import type { RoomView } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import { roomsProjection, type RoomDocument } from './projection';

const toView = (doc: RoomDocument): RoomView => {
  const { _id, cancelledAt: _cancelledAt, candidateConnected: _connected, ...view } = withoutRunnerFields(doc);
  return { ...view, declinedAt: view.declinedAt ?? null };
};

export function roomsQuery(documents: DocumentStore) {
  const rooms = () => documents.collection<RoomDocument>(roomsProjection.collection);
  return {
    /** The rooms of one template, soonest first. */
    async list(organisationId: string, templateId: string): Promise<RoomView[]> {
      const docs = await rooms().find({ organisationId, templateId }, { sort: { startsAt: 1 } });
      return docs.map(toView);
    },
    async get(organisationId: string, roomId: string): Promise<RoomView | null> {
      const doc = await rooms().get(roomId);
      return doc && doc.organisationId === organisationId ? toView(doc) : null;
    },
  };
}
export type RoomsQuery = ReturnType<typeof roomsQuery>;
