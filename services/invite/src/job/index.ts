import { decide } from './decide';
import { evolve, initialState } from './job';

export const jobDecider = { initialState, evolve, decide };
export * from './decide';
export * from './job';
