// Commands of the followed interview. Each writes only what changed, so a redelivered or replayed
// source event writes nothing: that is what makes the policy idempotent.
import { NotFoundError } from '@candor/runtime';
import {
  sharedInterviewEventNames as names,
  type InterviewFacts,
  type NotedRecording,
  type SharedInterview,
  type SharedInterviewEvent,
} from './shared-interview';

export type NoteInterview = { type: 'NoteInterview'; facts: InterviewFacts };
export type NoteRecording = { type: 'NoteRecording'; liveInterviewId: string; recording: NotedRecording };
export type NoteScore = { type: 'NoteScore'; liveInterviewId: string; recruiterId: string; score: number };
export type SharedInterviewCommand = NoteInterview | NoteRecording | NoteScore;

export function decide(command: SharedInterviewCommand, state: SharedInterview): SharedInterviewEvent[] {
  switch (command.type) {
    case 'NoteInterview':
      if (state.status === 'known' && JSON.stringify(state.facts) === JSON.stringify(command.facts)) return [];
      return [{ type: names.InterviewNoted, data: { facts: command.facts } }];
    case 'NoteRecording': {
      if (state.status === 'none') throw new NotFoundError('The interview of this recording is not known here.');
      const known = state.recordings.find((recording) => recording.segmentId === command.recording.segmentId);
      // a deleted recording stays deleted, whatever arrives late
      if (known && (known.status === 'deleted' || JSON.stringify(known) === JSON.stringify(command.recording)))
        return [];
      return [
        {
          type: names.RecordingNoted,
          data: { liveInterviewId: command.liveInterviewId, recording: command.recording },
        },
      ];
    }
    case 'NoteScore':
      if (state.status === 'none') throw new NotFoundError('The interview of this score is not known here.');
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
