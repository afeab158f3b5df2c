// Jobs and their questions, owned by the invite service: events and HTTP bodies.
import { z } from 'zod';
import { commandResultSchema, consistencyTokenSchema } from './envelope';

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

// ---------------------------------------------------------------------------------------------------
// Invites of candidates to asynchronous text interviews, and their links. A link's token is never in
// an event, a read model or a log: it is derived on demand from the invite id and the link id under a
// server key (see services/runtime/src/links). Re-issuing gives the invite a new link id.

export const inviteLimits = { candidateName: 200, candidateEmail: 254 } as const;

export const inviteEventSchemas = {
  CandidateInvited: z.object({
    inviteId: z.string(),
    organisationId: z.string(),
    jobId: z.string(),
    /** the job as it was when the candidate was invited: later edits do not change a sent interview */
    jobTitle: z.string(),
    jobDescription: z.string(),
    questions: z.array(question),
    candidateName: z.string(),
    candidateEmail: z.string(),
    /** random id (128 bits) the link token is derived from; not a working token on its own */
    linkId: z.string(),
    /** null: the link does not expire */
    expiresAt: z.string().nullable(),
    invitedBy: z.string(),
    invitedAt: z.string(),
  }),
  InviteLinkRevoked: z.object({
    inviteId: z.string(),
    organisationId: z.string(),
    linkId: z.string(),
    by: z.string(),
    at: z.string(),
  }),
  InviteLinkReissued: z.object({
    inviteId: z.string(),
    organisationId: z.string(),
    linkId: z.string(),
    previousLinkId: z.string(),
    /** repeated from the invite, so a policy (the new link's email) needs no state of its own */
    jobTitle: z.string(),
    candidateName: z.string(),
    candidateEmail: z.string(),
    expiresAt: z.string().nullable(),
    by: z.string(),
    at: z.string(),
  }),
  InviteExpirySet: z.object({
    inviteId: z.string(),
    organisationId: z.string(),
    expiresAt: z.string().nullable(),
    by: z.string(),
    at: z.string(),
  }),
} as const;

export const inviteEventNames = {
  CandidateInvited: 'invite.CandidateInvited.v1',
  InviteLinkRevoked: 'invite.InviteLinkRevoked.v1',
  InviteLinkReissued: 'invite.InviteLinkReissued.v1',
  InviteExpirySet: 'invite.InviteExpirySet.v1',
} as const;

const futureInstant = z.iso.datetime({ offset: true, message: 'expiresAt must be an ISO 8601 date-time' });

export const createInviteRequest = z.strictObject({
  jobId: z.uuid({ message: 'choose a job' }),
  candidateName: z.string().trim().max(inviteLimits.candidateName).default(''),
  candidateEmail: z
    .string({ message: 'candidate email is required' })
    .trim()
    .min(1, 'candidate email is required')
    .max(inviteLimits.candidateEmail)
    .pipe(z.email({ message: 'enter a valid email address' })),
  /** optional expiry of the link; absent or null: it does not expire */
  expiresAt: futureInstant.nullable().optional(),
});
export type CreateInviteRequest = z.input<typeof createInviteRequest>;

export const setInviteExpiryRequest = z.strictObject({ expiresAt: futureInstant.nullable() });
export type SetInviteExpiryRequest = z.input<typeof setInviteExpiryRequest>;

export const inviteIdParams = z.strictObject({ inviteId: z.uuid({ message: 'inviteId must be a UUID' }) });

/** The candidate link of an invite, as the recruiter sees it: a path on the Candor origin. */
export const inviteLink = z.object({
  /** `/i/<token>`; the frontend prefixes its own origin */
  path: z.string(),
});
export type InviteLink = z.infer<typeof inviteLink>;

export const createInviteResponse = commandResultSchema.extend({ link: inviteLink });
export type CreateInviteResponse = z.infer<typeof createInviteResponse>;

export const linkState = z.enum(['active', 'revoked', 'expired']);
export type LinkState = z.infer<typeof linkState>;

export const inviteView = z.object({
  id: z.string(),
  organisationId: z.string(),
  jobId: z.string(),
  jobTitle: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  /** 'expired' is computed when read */
  linkState,
  expiresAt: z.string().nullable(),
  invitedAt: z.string(),
  invitedBy: z.string(),
  linkIssuedAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type InviteView = z.infer<typeof inviteView>;
export const inviteResponse = z.object({ invite: inviteView, caughtUp: z.boolean() });
export type InviteResponse = z.infer<typeof inviteResponse>;

// Candidate side: the candidate pages' server sends the link token itself, on every request, to the
// session service's candidate endpoints (`Authorization: Bearer <link token>`); the session service
// checks it against the link ids it follows from the invite events.

/** The purpose string an invite's link tokens are derived under (see runtime/src/links). */
export const inviteLinkPurpose = 'invite';

/** Problem types of link answers (appended to https://candor.dev/problems/). */
export const linkProblemTypes = {
  invalid: 'link-invalid',
  revoked: 'link-revoked',
  expired: 'link-expired',
} as const;
