// Reads of the live interviews read model, always scoped to one organisation; soonest first.
import type { LiveInterviewView } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import { liveInterviewsProjection, type LiveInterviewDocument } from './projection';

const toView = (doc: LiveInterviewDocument): LiveInterviewView => {
  const { _id, ...view } = withoutRunnerFields(doc) as LiveInterviewDocument;
  return view;
};

export function liveInterviewsQuery(documents: DocumentStore) {
  const interviews = () => documents.collection<LiveInterviewDocument>(liveInterviewsProjection.collection);
  return {
    async list(organisationId: string, templateId?: string): Promise<LiveInterviewView[]> {
      const filter = templateId ? { organisationId, templateId } : { organisationId };
      const docs = await interviews().find(filter, { sort: { startsAt: 1, _id: 1 }, limit: 500 });
      return docs.map(toView);
    },
    async get(organisationId: string, liveInterviewId: string): Promise<LiveInterviewView | null> {
      const doc = await interviews().get(liveInterviewId);
      return doc && doc.organisationId === organisationId ? toView(doc) : null;
    },
  };
}
export type LiveInterviewsQuery = ReturnType<typeof liveInterviewsQuery>;
