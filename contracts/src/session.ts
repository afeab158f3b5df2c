// Interview sessions, owned by the session service: one per invite (session id = invite id), created
// by the session service's policy on `invite.CandidateInvited.v1`. Status moves invited → in_progress
// (the candidate started) → completed (submitted).
import { z } from 'zod';
import { consistencyTokenSchema } from './envelope';

const question = z.object({ id: z.string(), text: z.string() });

export const sessionStatus = z.enum(['invited', 'in_progress', 'completed']);
export type SessionStatus = z.infer<typeof sessionStatus>;

export const sessionLimits = { answerText: 10_000, searchText: 200, pageSize: 100 } as const;

/** A claim an analysis makes about the candidate, with the answer text it rests on. */
export const analysisPoint = z.object({
  point: z.string(),
  questionId: z.string(),
  /** verbatim text from that answer; analysers drop a point whose quote is not in the answer */
  quote: z.string(),
});
export type AnalysisPoint = z.infer<typeof analysisPoint>;

export const analysis = z.object({
  analyser: z.object({
    /** 'builtin' or 'llm' */
    kind: z.enum(['builtin', 'llm']),
    /** human-readable, e.g. "Candor built-in analyser (wink-nlp)" or "LLM gpt-4o-mini" */
    name: z.string(),
    version: z.string(),
  }),
  answers: z.array(
    z.object({
      questionId: z.string(),
      assessment: z.string(),
      /** 1 (weak) … 5 (strong) */
      score: z.number().int().min(1).max(5),
    }),
  ),
  summary: z.string(),
  strengths: z.array(analysisPoint),
  concerns: z.array(analysisPoint),
  /** 1 … 5 */
  suggestedScore: z.number().int().min(1).max(5),
  producedAt: z.string(),
});
export type Analysis = z.infer<typeof analysis>;

export const sessionEventSchemas = {
  SessionCreated: z.object({
    sessionId: z.string(),
    organisationId: z.string(),
    inviteId: z.string(),
    jobId: z.string(),
    jobTitle: z.string(),
    jobDescription: z.string(),
    questions: z.array(question),
    candidateName: z.string(),
    candidateEmail: z.string(),
    /** the invite's current link id: the only link the candidate endpoints open */
    linkId: z.string(),
    /** when the link stops opening (null: never); absent in sessions created before it was followed */
    linkExpiresAt: z.string().nullable().optional(),
    createdAt: z.string(),
  }),
  /** the invite's link was revoked (linkId null) or re-issued (the new link id, with its expiry) */
  SessionLinkChanged: z.object({
    sessionId: z.string(),
    organisationId: z.string(),
    linkId: z.string().nullable(),
    /** the re-issued link's expiry (null: never); absent on a revoke and in events written before */
    expiresAt: z.string().nullable().optional(),
    at: z.string(),
  }),
  /** the invite's link expiry was set, changed or cleared */
  SessionLinkExpirySet: z.object({
    sessionId: z.string(),
    organisationId: z.string(),
    expiresAt: z.string().nullable(),
    at: z.string(),
  }),
  SessionStarted: z.object({ sessionId: z.string(), organisationId: z.string(), at: z.string() }),
  AnswerSaved: z.object({
    sessionId: z.string(),
    organisationId: z.string(),
    questionId: z.string(),
    text: z.string(),
    at: z.string(),
  }),
  SessionCompleted: z.object({ sessionId: z.string(), organisationId: z.string(), at: z.string() }),
  AnalysisProduced: z.object({ sessionId: z.string(), organisationId: z.string(), analysis, at: z.string() }),
} as const;

export const sessionEventNames = {
  SessionCreated: 'session.SessionCreated.v1',
  SessionLinkChanged: 'session.SessionLinkChanged.v1',
  SessionLinkExpirySet: 'session.SessionLinkExpirySet.v1',
  SessionStarted: 'session.SessionStarted.v1',
  AnswerSaved: 'session.AnswerSaved.v1',
  SessionCompleted: 'session.SessionCompleted.v1',
  AnalysisProduced: 'session.AnalysisProduced.v1',
} as const;

// Candidate endpoints (Authorization: Bearer <the link token itself>).
export const candidateSessionView = z.object({
  sessionId: z.string(),
  jobTitle: z.string(),
  jobDescription: z.string(),
  candidateName: z.string(),
  status: sessionStatus,
  questions: z.array(z.object({ id: z.string(), text: z.string(), answer: z.string().nullable() })),
  /** index of the first unanswered question; equals questions.length when all are answered */
  nextQuestionIndex: z.number().int(),
});
export type CandidateSessionView = z.infer<typeof candidateSessionView>;

export const questionIdParams = z.strictObject({ questionId: z.string().min(1).max(64) });
export const saveAnswerRequest = z.strictObject({
  text: z
    .string({ message: 'an answer is required' })
    .trim()
    .min(1, 'an answer cannot be empty')
    .max(sessionLimits.answerText, `an answer can have at most ${sessionLimits.answerText} characters`),
});
export type SaveAnswerRequest = z.input<typeof saveAnswerRequest>;

// Recruiter endpoints.
export const sessionSummary = z.object({
  id: z.string(),
  inviteId: z.string(),
  jobId: z.string(),
  jobTitle: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  status: sessionStatus,
  questionCount: z.number().int(),
  answeredCount: z.number().int(),
  invitedAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** latest of the above, for sorting newest first */
  updatedAt: z.string(),
});
export type SessionSummary = z.infer<typeof sessionSummary>;

export const listSessionsQuery = z.strictObject({
  status: sessionStatus.optional(),
  jobId: z.uuid({ message: 'jobId must be a UUID' }).optional(),
  /** case-insensitive search in candidate name and email */
  q: z.string().trim().max(sessionLimits.searchText).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(sessionLimits.pageSize).default(20),
  waitFor: consistencyTokenSchema.optional(),
});
export const listSessionsResponse = z.object({
  sessions: z.array(sessionSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  caughtUp: z.boolean(),
});
export type ListSessionsResponse = z.infer<typeof listSessionsResponse>;

export const sessionIdParams = z.strictObject({ sessionId: z.uuid({ message: 'sessionId must be a UUID' }) });
export const sessionDetail = sessionSummary.extend({
  jobDescription: z.string(),
  questions: z.array(
    z.object({ id: z.string(), text: z.string(), answer: z.string().nullable(), answeredAt: z.string().nullable() }),
  ),
  analysis: analysis.nullable(),
});
export type SessionDetail = z.infer<typeof sessionDetail>;
export const sessionDetailResponse = z.object({ session: sessionDetail, caughtUp: z.boolean() });
export type SessionDetailResponse = z.infer<typeof sessionDetailResponse>;

/** POST …/analysis: runs the analysis of a completed session unless one is cached (or rerun is true). */
export const analyseSessionRequest = z.strictObject({ rerun: z.boolean().default(false) });
export const analysisResponse = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), analysis, cached: z.boolean() }),
  /** the analyser failed: the page shows the answers and this message, and may try again */
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type AnalysisResponse = z.infer<typeof analysisResponse>;

// ---------------------------------------------------------------------------------------------------
// Reviewer scores: each recruiter of the organisation scores an interview (live or async) 1–5 with a
// note; one score per recruiter (a second replaces the first). Stream `review-<interviewId>`, opened
// by the session service's policy `session.reviews` when the invite service schedules a live
// interview or invites a candidate, so a score is checked against the interview's organisation in
// the write model.

export const reviewLimits = { note: 2_000, minScore: 1, maxScore: 5 } as const;
export const interviewKind = z.enum(['live', 'async']);
export type InterviewKind = z.infer<typeof interviewKind>;

export const reviewEventSchemas = {
  ReviewOpened: z.object({
    interviewId: z.string(),
    organisationId: z.string(),
    kind: interviewKind,
    candidateName: z.string(),
    at: z.string(),
  }),
  /** replaces any earlier score of the same recruiter on this interview */
  ReviewerScoreGiven: z.object({
    interviewId: z.string(),
    organisationId: z.string(),
    recruiterId: z.string(),
    recruiterName: z.string(),
    score: z.number().int().min(reviewLimits.minScore).max(reviewLimits.maxScore),
    note: z.string(),
    at: z.string(),
  }),
} as const;

export const reviewEventNames = {
  ReviewOpened: 'session.ReviewOpened.v1',
  ReviewerScoreGiven: 'session.ReviewerScoreGiven.v1',
} as const;

export const interviewIdParams = z.strictObject({ interviewId: z.uuid({ message: 'interviewId must be a UUID' }) });

export const giveScoreRequest = z.strictObject({
  score: z
    .number({ message: 'score must be a whole number from 1 to 5' })
    .int('score must be a whole number from 1 to 5')
    .min(reviewLimits.minScore, 'score must be a whole number from 1 to 5')
    .max(reviewLimits.maxScore, 'score must be a whole number from 1 to 5'),
  note: z
    .string({ message: 'note must be text' })
    .trim()
    .max(reviewLimits.note, `a note can have at most ${reviewLimits.note} characters`)
    .default(''),
});
export type GiveScoreRequest = z.input<typeof giveScoreRequest>;

export const reviewerScore = z.object({
  recruiterId: z.string(),
  recruiterName: z.string(),
  score: z.number().int(),
  note: z.string(),
  at: z.string(),
});
export type ReviewerScore = z.infer<typeof reviewerScore>;

export const reviewView = z.object({
  interviewId: z.string(),
  kind: interviewKind,
  /** newest first */
  scores: z.array(reviewerScore),
  /** mean of the scores; null while nobody scored */
  average: z.number().nullable(),
  count: z.number().int(),
});
export type ReviewView = z.infer<typeof reviewView>;
export const reviewResponse = z.object({ review: reviewView, caughtUp: z.boolean() });
export type ReviewResponse = z.infer<typeof reviewResponse>;
