// Reads of the live-interview templates read model, always scoped to one organisation.
import type { LiveTemplateView } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import { liveTemplatesProjection, type LiveTemplateDocument } from './projection';

const toView = (doc: LiveTemplateDocument): LiveTemplateView => {
  const { _id, ...view } = withoutRunnerFields(doc) as LiveTemplateDocument;
  return view;
};

export function liveTemplatesQuery(documents: DocumentStore) {
  const templates = () => documents.collection<LiveTemplateDocument>(liveTemplatesProjection.collection);
  return {
    async list(organisationId: string): Promise<LiveTemplateView[]> {
      const docs = await templates().find({ organisationId }, { sort: { updatedAt: -1, _id: 1 }, limit: 500 });
      return docs.map(toView);
    },
    async get(organisationId: string, templateId: string): Promise<LiveTemplateView | null> {
      const doc = await templates().get(templateId);
      return doc && doc.organisationId === organisationId ? toView(doc) : null;
    },
  };
}
export type LiveTemplatesQuery = ReturnType<typeof liveTemplatesQuery>;
