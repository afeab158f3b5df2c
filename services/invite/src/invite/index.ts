import { decide } from './decide';
import { evolve, initialState } from './invite';

export const inviteDecider = { initialState, evolve, decide };
export * from './decide';
export * from './invite';
