// The jobs list read model: one document per job, for the dashboard. Built from the invite
// service's events on the bus; each event is validated against its contract before it is applied.
import { inviteEvents, inviteEventTypes as types, topics, type JobView, type RecordedEvent } from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import type { JobEvent } from '../../job';

export type JobDocument = JobView & { _id: string };

type JobRecordedEvent = RecordedEvent<JobEvent['type']> & JobEvent;

const schemas = {
  [types.JobCreated]: inviteEvents.JobCreated,
  [types.JobEdited]: inviteEvents.JobEdited,
  [types.JobActivated]: inviteEvents.JobActivated,
  [types.JobDeactivated]: inviteEvents.JobDeactivated,
} as const;

export const jobsProjection: Projection<JobDocument, JobRecordedEvent> = {
  name: 'invite.jobs',
  collection: 'invite_jobs',
  topics: [topics.invite],
  decode(event) {
    const schema = schemas[event.type as keyof typeof schemas];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as JobRecordedEvent) : null;
  },
  documentId: (event) => event.data.jobId,
  evolve(doc, event) {
    switch (event.type) {
      case types.JobCreated: {
        const { jobId, organisationId, title, description, questions, createdAt } = event.data;
        return {
          _id: jobId,
          id: jobId,
          organisationId,
          title,
          description,
          questions,
          status: 'active',
          createdAt,
          updatedAt: createdAt,
        };
      }
      case types.JobEdited: {
        if (!doc) return doc;
        const { title, description, questions, editedAt } = event.data;
        return { ...doc, title, description, questions, updatedAt: editedAt };
      }
      case types.JobActivated:
        return doc && { ...doc, status: 'active', updatedAt: event.data.at };
      case types.JobDeactivated:
        return doc && { ...doc, status: 'inactive', updatedAt: event.data.at };
    }
  },
};
