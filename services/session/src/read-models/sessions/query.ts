// Reads of the sessions read model, always scoped to one organisation.
import type { SessionDetail, SessionStatus, SessionSummary } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore, type Filter, type FindOptions } from '@candor/runtime';
import { sessionsProjection, type SessionDocument } from './projection';

export interface SessionListFilter {
  status?: SessionStatus;
  jobId?: string;
  /** case-insensitive substring of the candidate's name or email */
  q?: string;
  page: number;
  pageSize: number;
}

const toDetail = (doc: SessionDocument): SessionDetail => {
  const { _id, organisationId: _organisationId, ...detail } = withoutRunnerFields(doc);
  return detail;
};

const toSummary = (doc: SessionDocument): SessionSummary => {
  const { jobDescription: _description, questions: _questions, analysis: _analysis, ...summary } = toDetail(doc);
  return summary;
};

export function sessionsQuery(documents: DocumentStore) {
  const sessions = () => documents.collection<SessionDocument>(sessionsProjection.collection);
  return {
    /** Newest invitation first; `total` counts every match, not just this page. */
    async list(
      organisationId: string,
      filter: SessionListFilter,
    ): Promise<{ sessions: SessionSummary[]; total: number }> {
      const where: Filter<SessionDocument> = { organisationId, status: filter.status, jobId: filter.jobId };
      const options: FindOptions<SessionDocument> = filter.q
        ? { search: { fields: ['candidateName', 'candidateEmail'], text: filter.q } }
        : {};
      const [docs, total] = await Promise.all([
        sessions().find(where, {
          ...options,
          sort: { invitedAt: -1 },
          skip: (filter.page - 1) * filter.pageSize,
          limit: filter.pageSize,
        }),
        sessions().count(where, options),
      ]);
      return { sessions: docs.map(toSummary), total };
    },
    async get(organisationId: string, sessionId: string): Promise<SessionDetail | null> {
      const doc = await sessions().get(sessionId);
      return doc && doc.organisationId === organisationId ? toDetail(doc) : null;
    },
  };
}
export type SessionsQuery = ReturnType<typeof sessionsQuery>;
