import { decide } from './decide';
import { evolve, initialState } from './live-template';

export const liveTemplateDecider = { initialState, evolve, decide };
export * from './decide';
export * from './live-template';
