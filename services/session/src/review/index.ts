import { decide } from './decide';
import { evolve, initialState } from './review';

export const reviewDecider = { initialState, evolve, decide };

export * from './decide';
export * from './review';
