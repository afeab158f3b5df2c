// The followed interview as one decider.
import type { Decider } from '@candor/runtime';
import { decide, type SharedInterviewCommand } from './decide';
import { evolve, initialState, type SharedInterview, type SharedInterviewEvent } from './shared-interview';

export const sharedInterviewDecider: Decider<SharedInterview, SharedInterviewCommand, SharedInterviewEvent> = {
  initialState,
  evolve,
  decide,
};
/** Kept off the bus: they repeat other services' facts. */
export const sharedInterviewInternalTypes = [
  'sharing.InterviewNoted.v1',
  'sharing.RecordingNoted.v1',
  'sharing.ScoreNoted.v1',
];

export * from './shared-interview';
export * from './decide';
