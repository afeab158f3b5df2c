// The live interview aggregate: one scheduled live video interview on a template, with its two links
// (candidate and interviewer/host). Stream: `live-interview-<liveInterviewId>`. Every event carries
// the whole `LiveInterviewDetails`, so the state is mostly the latest copy of it; what the events do
// not repeat is which link ids were withdrawn, kept so that their holders hear "withdrawn" rather
// than "not valid".
import type { z } from 'zod';
import {
  liveEventNames as names,
  type LiveInterviewDetails,
  type liveEventSchemas,
  type LiveRole,
} from '@candor/contracts';

type Data<K extends keyof typeof liveEventSchemas> = z.infer<(typeof liveEventSchemas)[K]>;

export type LiveInterviewEvent =
  | { type: typeof names.LiveInterviewScheduled; data: Data<'LiveInterviewScheduled'> }
  | { type: typeof names.LiveInterviewRescheduled; data: Data<'LiveInterviewRescheduled'> }
  | { type: typeof names.LiveInterviewCancelled; data: Data<'LiveInterviewCancelled'> }
  | { type: typeof names.LiveInterviewDeclinedByCandidate; data: Data<'LiveInterviewDeclinedByCandidate'> }
  | { type: typeof names.LiveLinkRevoked; data: Data<'LiveLinkRevoked'> }
  | { type: typeof names.LiveLinkReissued; data: Data<'LiveLinkReissued'> };

export type LiveInterview =
  | { status: 'none' }
  | {
      /** declined: by the candidate, from their link */
      status: 'scheduled' | 'cancelled' | 'declined';
      interview: LiveInterviewDetails;
      /** link ids revoked or replaced, per role */
      retiredLinkIds: Record<LiveRole, string[]>;
    };

export const initialState = (): LiveInterview => ({ status: 'none' });

export function evolve(state: LiveInterview, event: LiveInterviewEvent): LiveInterview {
  const { interview } = event.data;
  switch (event.type) {
    case names.LiveInterviewScheduled:
      return { status: 'scheduled', interview, retiredLinkIds: { candidate: [], host: [] } };
    case names.LiveInterviewRescheduled:
      return state.status === 'none' ? state : { ...state, interview };
    case names.LiveInterviewCancelled:
      return state.status === 'none' ? state : { ...state, status: 'cancelled', interview };
    case names.LiveInterviewDeclinedByCandidate:
      return state.status === 'none' ? state : { ...state, status: 'declined', interview };
    case names.LiveLinkRevoked:
      return state.status === 'none'
        ? state
        : { ...state, interview, ...retire(state, event.data.role, event.data.linkId) };
    case names.LiveLinkReissued:
      return state.status === 'none'
        ? state
        : { ...state, interview, ...retire(state, event.data.role, event.data.previousLinkId) };
  }
}

function retire(state: Exclude<LiveInterview, { status: 'none' }>, role: LiveRole, linkId: string | null) {
  if (linkId === null) return {};
  return { retiredLinkIds: { ...state.retiredLinkIds, [role]: [...state.retiredLinkIds[role], linkId] } };
}

/** The working link id of one role (null while revoked). */
export const linkIdOf = (interview: LiveInterviewDetails, role: LiveRole): string | null =>
  role === 'candidate' ? interview.candidateLinkId : interview.hostLinkId;

export const withLinkId = (
  interview: LiveInterviewDetails,
  role: LiveRole,
  linkId: string | null,
): LiveInterviewDetails =>
  role === 'candidate' ? { ...interview, candidateLinkId: linkId } : { ...interview, hostLinkId: linkId };

export const liveInterviewStream = (liveInterviewId: string) => `live-interview-${liveInterviewId}`;
