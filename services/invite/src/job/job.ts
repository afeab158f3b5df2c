// The job aggregate: a role recruiters invite candidates to, with its questions. Owned by one
// organisation. Stream: `job-<jobId>`.
import { inviteEventTypes as types, type Question } from '@candor/contracts';

interface JobFields {
  jobId: string;
  organisationId: string;
  title: string;
  description: string;
  questions: Question[];
}

export type JobEvent =
  | { type: typeof types.JobCreated; data: JobFields & { createdBy: string; createdAt: string } }
  | { type: typeof types.JobEdited; data: JobFields & { editedBy: string; editedAt: string } }
  | { type: typeof types.JobActivated; data: { jobId: string; organisationId: string; by: string; at: string } }
  | { type: typeof types.JobDeactivated; data: { jobId: string; organisationId: string; by: string; at: string } };

export type Job = { status: 'none' } | ({ status: 'active' | 'inactive' } & Omit<JobFields, 'jobId'> & { id: string });

export const initialState = (): Job => ({ status: 'none' });

export function evolve(state: Job, event: JobEvent): Job {
  switch (event.type) {
    case types.JobCreated: {
      const { jobId, organisationId, title, description, questions } = event.data;
      return { status: 'active', id: jobId, organisationId, title, description, questions };
    }
    case types.JobEdited: {
      if (state.status === 'none') return state;
      const { title, description, questions } = event.data;
      return { ...state, title, description, questions };
    }
    case types.JobActivated:
      return state.status === 'none' ? state : { ...state, status: 'active' };
    case types.JobDeactivated:
      return state.status === 'none' ? state : { ...state, status: 'inactive' };
  }
}

export const jobStream = (jobId: string) => `job-${jobId}`;
