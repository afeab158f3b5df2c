import { decide } from './decide';
import { evolve, initialState } from './live-interview';

export const liveInterviewDecider = { initialState, evolve, decide };
export * from './decide';
export * from './live-interview';
export * from './open-link';
export * from './wall-clock';
