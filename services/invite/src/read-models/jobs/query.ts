// Reads of the jobs read model, always scoped to one organisation.
import type { JobStatus, JobView } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import { jobsProjection, type JobDocument } from './projection';

const toView = (doc: JobDocument): JobView => {
  const { _id, ...view } = withoutRunnerFields(doc) as JobDocument;
  return view;
};

export function jobsQuery(documents: DocumentStore) {
  const jobs = () => documents.collection<JobDocument>(jobsProjection.collection);
  return {
    async list(organisationId: string, status?: JobStatus): Promise<JobView[]> {
      const filter = status ? { organisationId, status } : { organisationId };
      const docs = await jobs().find(filter, { sort: { updatedAt: -1, _id: 1 }, limit: 500 });
      return docs.map(toView);
    },
    async get(organisationId: string, jobId: string): Promise<JobView | null> {
      const doc = await jobs().get(jobId);
      return doc && doc.organisationId === organisationId ? toView(doc) : null;
    },
  };
}
export type JobsQuery = ReturnType<typeof jobsQuery>;
