// The invite aggregate: one candidate invited to one job's asynchronous text interview, and the link
// they open it with. Stream: `invite-<inviteId>`. The link is a link id (128 random bits) the token is
// derived from (services/runtime/src/links); re-issuing replaces it, revoking clears it.
import type { z } from 'zod';
import { inviteEventNames as names, type inviteEventSchemas, type Question } from '@candor/contracts';

type Data<K extends keyof typeof inviteEventSchemas> = z.infer<(typeof inviteEventSchemas)[K]>;

export type InviteEvent =
  | { type: typeof names.CandidateInvited; data: Data<'CandidateInvited'> }
  | { type: typeof names.InviteLinkRevoked; data: Data<'InviteLinkRevoked'> }
  | { type: typeof names.InviteLinkReissued; data: Data<'InviteLinkReissued'> }
  | { type: typeof names.InviteExpirySet; data: Data<'InviteExpirySet'> };

export type Invite =
  | { status: 'none' }
  | {
      status: 'invited';
      id: string;
      organisationId: string;
      jobId: string;
      jobTitle: string;
      candidateName: string;
      candidateEmail: string;
      questions: Question[];
      /** the working link's id; null once revoked */
      linkId: string | null;
      /** ids of links revoked or replaced, so their holders hear "withdrawn" rather than "not valid" */
      retiredLinkIds: string[];
      expiresAt: string | null;
    };

export const initialState = (): Invite => ({ status: 'none' });

export function evolve(state: Invite, event: InviteEvent): Invite {
  switch (event.type) {
    case names.CandidateInvited: {
      const { inviteId, organisationId, jobId, jobTitle, candidateName, candidateEmail, questions, linkId, expiresAt } =
        event.data;
      return {
        status: 'invited',
        id: inviteId,
        organisationId,
        jobId,
        jobTitle,
        candidateName,
        candidateEmail,
        questions,
        linkId,
        retiredLinkIds: [],
        expiresAt,
      };
    }
    case names.InviteLinkRevoked:
      return state.status === 'none'
        ? state
        : { ...state, linkId: null, retiredLinkIds: [...state.retiredLinkIds, event.data.linkId] };
    case names.InviteLinkReissued:
      return state.status === 'none'
        ? state
        : {
            ...state,
            linkId: event.data.linkId,
            retiredLinkIds: state.linkId ? [...state.retiredLinkIds, state.linkId] : state.retiredLinkIds,
            expiresAt: event.data.expiresAt,
          };
    case names.InviteExpirySet:
      return state.status === 'none' ? state : { ...state, expiresAt: event.data.expiresAt };
  }
}

export const inviteStream = (inviteId: string) => `invite-${inviteId}`;

/** The purpose string link tokens of invites are derived under (the session service opens them). */
export { inviteLinkPurpose } from '@candor/contracts';
