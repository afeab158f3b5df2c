// Commands on a job. Pure: the recruiter, the time and new question ids arrive in the command.
// A job of another organisation answers "not found", never "forbidden": ids reveal nothing.
import { inviteEventTypes as types, type Question } from '@candor/contracts';
import { ConflictError, NotFoundError } from '@candor/runtime';
import type { Job, JobEvent } from './job';

interface By {
  organisationId: string;
  recruiterId: string;
  at: string;
}

export type JobCommand =
  | ({ type: 'CreateJob'; jobId: string; title: string; description: string; questions: Question[] } & By)
  | ({ type: 'EditJob'; jobId: string; title: string; description: string; questions: Question[] } & By)
  | ({ type: 'ActivateJob'; jobId: string } & By)
  | ({ type: 'DeactivateJob'; jobId: string } & By);

type ExistingJob = Exclude<Job, { status: 'none' }>;

function ownJob(state: Job, command: By): ExistingJob {
  if (state.status === 'none' || state.organisationId !== command.organisationId) {
    throw new NotFoundError('Job not found.');
  }
  return state;
}

export function createJob(command: Extract<JobCommand, { type: 'CreateJob' }>, state: Job): JobEvent[] {
  if (state.status !== 'none') throw new ConflictError('This job already exists.');
  const { jobId, organisationId, title, description, questions, recruiterId, at } = command;
  return [
    {
      type: types.JobCreated,
      data: { jobId, organisationId, title, description, questions, createdBy: recruiterId, createdAt: at },
    },
  ];
}

export function editJob(command: Extract<JobCommand, { type: 'EditJob' }>, state: Job): JobEvent[] {
  const job = ownJob(state, command);
  const { jobId, organisationId, title, description, questions, recruiterId, at } = command;
  const unchanged =
    job.title === title &&
    job.description === description &&
    JSON.stringify(job.questions) === JSON.stringify(questions);
  if (unchanged) return [];
  return [
    {
      type: types.JobEdited,
      data: { jobId, organisationId, title, description, questions, editedBy: recruiterId, editedAt: at },
    },
  ];
}

export function activateJob(command: Extract<JobCommand, { type: 'ActivateJob' }>, state: Job): JobEvent[] {
  const job = ownJob(state, command);
  if (job.status === 'active') return [];
  return [
    {
      type: types.JobActivated,
      data: { jobId: command.jobId, organisationId: job.organisationId, by: command.recruiterId, at: command.at },
    },
  ];
}

export function deactivateJob(command: Extract<JobCommand, { type: 'DeactivateJob' }>, state: Job): JobEvent[] {
  const job = ownJob(state, command);
  if (job.status === 'inactive') return [];
  return [
    {
      type: types.JobDeactivated,
      data: { jobId: command.jobId, organisationId: job.organisationId, by: command.recruiterId, at: command.at },
    },
  ];
}

export function decide(command: JobCommand, state: Job): JobEvent[] {
  switch (command.type) {
    case 'CreateJob':
      return createJob(command, state);
    case 'EditJob':
      return editJob(command, state);
    case 'ActivateJob':
      return activateJob(command, state);
    case 'DeactivateJob':
      return deactivateJob(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
}
