// What the sharing service knows of one live interview, followed from other services' events by
// its `sharing.interviews` policy: the facts a viewer may be shown (never an email address), its
// ready recordings and its reviewer scores. Stream: `shared-interview-<liveInterviewId>`. It is this
// service's own write model, so creating a link checks the interview's organisation here, never in
// another service's tables. Its events are internal: they repeat other services' facts and stay off
// the bus. The three sources are separate topics with no order between them, so recordings and
// scores are kept even when they arrive before the interview's facts.
export interface InterviewFacts {
  liveInterviewId: string;
  organisationId: string;
  organisationName: string;
  title: string;
  candidateName: string;
  inviterName: string;
  startsAt: string;
  timeZone: string;
  durationMinutes: number;
  interviewerNames: string[];
  cancelled: boolean;
  /** the candidate's live link (its random id; null while revoked): they may ask whether it was shared */
  candidateLinkId?: string | null;
}

export interface NotedRecording {
  segmentId: string;
  /** 1 for the interview's first segment (0 while only its later events were seen) */
  index: number;
  durationMs: number | null;
  /** when the segment closed (its retention runs from here); null until known */
  endedAt?: string | null;
  /** only `ready` ones play; `deleted` is final */
  status: 'processing' | 'ready' | 'deleted';
}

export const sharedInterviewEventNames = {
  InterviewNoted: 'sharing.InterviewNoted.v1',
  RecordingNoted: 'sharing.RecordingNoted.v1',
  ScoreNoted: 'sharing.ScoreNoted.v1',
} as const;
const names = sharedInterviewEventNames;

export type SharedInterviewEvent =
  | { type: typeof names.InterviewNoted; data: { facts: InterviewFacts } }
  | { type: typeof names.RecordingNoted; data: { liveInterviewId: string; recording: NotedRecording } }
  | { type: typeof names.ScoreNoted; data: { liveInterviewId: string; recruiterId: string; score: number } };

export interface SharedInterview {
  /** null until the invite service's event arrived: such an interview cannot be shared yet */
  facts: InterviewFacts | null;
  recordings: NotedRecording[];
  /** the latest score of each reviewer */
  scores: Record<string, number>;
}

export const initialState = (): SharedInterview => ({ facts: null, recordings: [], scores: {} });

export function evolve(state: SharedInterview, event: SharedInterviewEvent): SharedInterview {
  switch (event.type) {
    case names.InterviewNoted:
      return { ...state, facts: event.data.facts };
    case names.RecordingNoted: {
      const { recording } = event.data;
      const others = state.recordings.filter((known) => known.segmentId !== recording.segmentId);
      return { ...state, recordings: [...others, recording].sort((a, b) => a.index - b.index) };
    }
    case names.ScoreNoted:
      return { ...state, scores: { ...state.scores, [event.data.recruiterId]: event.data.score } };
  }
}

/** Mean of the reviewers' scores, one decimal; null while nobody scored. */
export function averageScore(scores: Record<string, number>): number | null {
  const values = Object.values(scores);
  if (values.length === 0) return null;
  return Math.round((values.reduce((sum, score) => sum + score, 0) / values.length) * 10) / 10;
}

export const sharedInterviewStream = (liveInterviewId: string) => `shared-interview-${liveInterviewId}`;

const dayMs = 24 * 60 * 60_000;

/**
 * The last moment the recordings a link shows exist: the latest deletion date (end + the
 * organisation's retention in force, as the recording service computes it) of those not yet
 * deleted; null while none has ended (nothing to cap by yet).
 */
export function dataUntil(
  recordings: NotedRecording[],
  chosen: 'all' | string[],
  retentionDays: number,
): string | null {
  const shown = recordings.filter(
    (recording) =>
      recording.status !== 'deleted' && recording.endedAt && (chosen === 'all' || chosen.includes(recording.segmentId)),
  );
  if (shown.length === 0) return null;
  const latest = Math.max(...shown.map((recording) => Date.parse(recording.endedAt!)));
  return new Date(latest + retentionDays * dayMs).toISOString();
}
