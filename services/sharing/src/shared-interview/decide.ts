// Commands of the followed interview. Each writes only what changed, so a redelivered or replayed
// source event writes nothing: that is what makes the policy idempotent.
import {
  sharedInterviewEventNames as names,
  type InterviewFacts,
  type NotedRecording,
  type SharedInterview,
  type SharedInterviewEvent,
} from './shared-interview';

export type NoteInterview = { type: 'NoteInterview'; facts: InterviewFacts };
/** What one recording event says of a segment; fields it does not know stay as noted before. */
export type NoteRecording = {
  type: 'NoteRecording';
  liveInterviewId: string;
  segmentId: string;
  status: NotedRecording['status'];
  index?: number;
  durationMs?: number | null;
  endedAt?: string;
};
export type NoteScore = { type: 'NoteScore'; liveInterviewId: string; recruiterId: string; score: number };
export type SharedInterviewCommand = NoteInterview | NoteRecording | NoteScore;

function noteRecording(command: NoteRecording, state: SharedInterview): SharedInterviewEvent[] {
  const known = state.recordings.find((recording) => recording.segmentId === command.segmentId);
  // a deleted recording stays deleted, whatever arrives late
  if (known?.status === 'deleted') return [];
  // a ready segment does not go back to processing on a redelivered start
  const status = known?.status === 'ready' && command.status === 'processing' ? 'ready' : command.status;
  const recording: NotedRecording = {
    segmentId: command.segmentId,
    index: command.index ?? known?.index ?? 0,
    durationMs: command.durationMs !== undefined ? command.durationMs : (known?.durationMs ?? null),
    status,
  };
  const endedAt = command.endedAt ?? known?.endedAt;
  if (endedAt) recording.endedAt = endedAt;
  if (JSON.stringify(known) === JSON.stringify(recording)) return [];
  return [{ type: names.RecordingNoted, data: { liveInterviewId: command.liveInterviewId, recording } }];
}

export function decide(command: SharedInterviewCommand, state: SharedInterview): SharedInterviewEvent[] {
  switch (command.type) {
    case 'NoteInterview':
      if (JSON.stringify(state.facts) === JSON.stringify(command.facts)) return [];
      return [{ type: names.InterviewNoted, data: { facts: command.facts } }];
    case 'NoteRecording':
      return noteRecording(command, state);
    case 'NoteScore':
      if (state.scores[command.recruiterId] === command.score) return [];
      return [
        {
          type: names.ScoreNoted,
          data: { liveInterviewId: command.liveInterviewId, recruiterId: command.recruiterId, score: command.score },
        },
      ];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
