// Reads of the reviews read model, always scoped to one organisation.
import type { ReviewView } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import { reviewsProjection, type ReviewDocument } from './projection';

export function reviewsQuery(documents: DocumentStore) {
  const reviews = () => documents.collection<ReviewDocument>(reviewsProjection.collection);
  return {
    /** null for an unknown interview and for another organisation's alike */
    async get(organisationId: string, interviewId: string): Promise<ReviewView | null> {
      const doc = await reviews().get(interviewId);
      if (!doc || doc.organisationId !== organisationId) return null;
      const { _id, organisationId: _organisationId, ...view } = withoutRunnerFields(doc);
      return view;
    },
  };
}
export type ReviewsQuery = ReturnType<typeof reviewsQuery>;
