// Jobs and their questions, owned by the invite service: events and HTTP bodies.
import { z } from 'zod';
import { consistencyTokenSchema } from './envelope';

const question = z.object({ id: z.string(), text: z.string() });
export type Question = z.infer<typeof question>;

export const jobStatus = z.enum(['active', 'inactive']);
export type JobStatus = z.infer<typeof jobStatus>;

export const inviteEvents = {
  JobCreated: z.object({
    jobId: z.string(),
    organisationId: z.string(),
    title: z.string(),
    description: z.string(),
    questions: z.array(question),
    createdBy: z.string(),
    createdAt: z.string(),
  }),
  JobEdited: z.object({
    jobId: z.string(),
    organisationId: z.string(),
    title: z.string(),
    description: z.string(),
    questions: z.array(question),
    editedBy: z.string(),
    editedAt: z.string(),
  }),
  JobActivated: z.object({ jobId: z.string(), organisationId: z.string(), by: z.string(), at: z.string() }),
  JobDeactivated: z.object({ jobId: z.string(), organisationId: z.string(), by: z.string(), at: z.string() }),
} as const;

export const inviteEventTypes = {
  JobCreated: 'invite.JobCreated.v1',
  JobEdited: 'invite.JobEdited.v1',
  JobActivated: 'invite.JobActivated.v1',
  JobDeactivated: 'invite.JobDeactivated.v1',
} as const;

export const limits = { title: 200, description: 5000, questionText: 2000, questions: 50 } as const;

const questionInput = z.strictObject({
  /** keep an existing question's id when editing; new questions get one from the server */
  id: z.uuid().optional(),
  text: z.string().trim().min(1, 'a question cannot be empty').max(limits.questionText),
});

export const createJobRequest = z.strictObject({
  title: z.string().trim().min(1, 'title is required').max(limits.title),
  description: z.string().trim().max(limits.description).default(''),
  questions: z.array(questionInput).min(1, 'a job needs at least one question').max(limits.questions),
});
export type CreateJobRequest = z.input<typeof createJobRequest>;

export const editJobRequest = createJobRequest;
export type EditJobRequest = z.input<typeof editJobRequest>;

export const jobIdParams = z.strictObject({ jobId: z.uuid({ message: 'jobId must be a UUID' }) });

export const jobView = z.object({
  id: z.string(),
  organisationId: z.string(),
  title: z.string(),
  description: z.string(),
  questions: z.array(question),
  status: jobStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobView = z.infer<typeof jobView>;

export const listJobsQuery = z.strictObject({
  status: jobStatus.optional(),
  waitFor: consistencyTokenSchema.optional(),
});
export const readJobQuery = z.strictObject({ waitFor: consistencyTokenSchema.optional() });

export const jobListResponse = z.object({
  jobs: z.array(jobView),
  /** false when the read waited for `waitFor` and gave up: the list may be a moment behind */
  caughtUp: z.boolean(),
});
export type JobListResponse = z.infer<typeof jobListResponse>;
export const jobResponse = z.object({ job: jobView, caughtUp: z.boolean() });
export type JobResponse = z.infer<typeof jobResponse>;
