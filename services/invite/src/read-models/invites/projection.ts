// The invites read model: one document per invite, for the recruiter's interview pages (link state,
// expiry). Built from the invite service's own events; 'expired' is worked out when read.
import {
  inviteEventNames as names,
  inviteEventSchemas,
  topics,
  type InviteView,
  type RecordedEvent,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import type { InviteEvent } from '../../invite';

export type InviteDocument = Omit<InviteView, 'linkState'> & { _id: string; linkState: 'active' | 'revoked' };

type InviteRecordedEvent = RecordedEvent<InviteEvent['type']> & InviteEvent;

const schemas = {
  [names.CandidateInvited]: inviteEventSchemas.CandidateInvited,
  [names.InviteLinkRevoked]: inviteEventSchemas.InviteLinkRevoked,
  [names.InviteLinkReissued]: inviteEventSchemas.InviteLinkReissued,
  [names.InviteExpirySet]: inviteEventSchemas.InviteExpirySet,
} as const;

export const invitesProjection: Projection<InviteDocument, InviteRecordedEvent> = {
  name: 'invite.invites',
  collection: 'invite_invites',
  topics: [topics.invite],
  decode(event) {
    const schema = schemas[event.type as keyof typeof schemas];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as InviteRecordedEvent) : null;
  },
  documentId: (event) => event.data.inviteId,
  evolve(doc, event) {
    switch (event.type) {
      case names.CandidateInvited: {
        const {
          inviteId,
          organisationId,
          jobId,
          jobTitle,
          candidateName,
          candidateEmail,
          expiresAt,
          invitedAt,
          invitedBy,
        } = event.data;
        return {
          _id: inviteId,
          id: inviteId,
          organisationId,
          jobId,
          jobTitle,
          candidateName,
          candidateEmail,
          linkState: 'active',
          expiresAt,
          invitedAt,
          invitedBy,
          linkIssuedAt: invitedAt,
          revokedAt: null,
        };
      }
      case names.InviteLinkRevoked:
        return doc && { ...doc, linkState: 'revoked', revokedAt: event.data.at };
      case names.InviteLinkReissued:
        return (
          doc && {
            ...doc,
            linkState: 'active',
            revokedAt: null,
            linkIssuedAt: event.data.at,
            expiresAt: event.data.expiresAt,
          }
        );
      case names.InviteExpirySet:
        return doc && { ...doc, expiresAt: event.data.expiresAt };
    }
  },
};
