// Which emails one live interview event asks for: pure, so the policy only sends and records.
//   Scheduled      → the candidate (candidate link) and every interviewer (host link)
//   Rescheduled    → everyone again, with their link while it works
//   Cancelled      → everyone again, no links
//   DeclinedByCandidate → the interviewers, no links, with the candidate's note
//   LinkReissued   → the recipients of that role, with the new link
//   LinkRevoked, template events → nothing
// Interviewers are the scheduling recruiter and the interview's interviewers, once per address.
// Each email has its own delivery stream, named by the event's version in the interview's stream and
// the recipient, so a replayed or redelivered event finds its emails already recorded.
import { z } from 'zod';
import {
  liveEventNames as names,
  liveEventSchemas,
  type LiveInterviewDetails,
  type LiveRole,
  type RecordedEvent,
} from '@candor/contracts';
import { liveDeliveryStream, type LiveEmailKind, type LiveEmailRequest } from '../delivery';

export interface PlannedLiveEmail {
  streamId: string;
  request: Omit<LiveEmailRequest, 'emailId'>;
}

interface Recipient {
  role: LiveRole;
  name: string;
  email: string;
}

// Link tokens name their interview by its UUID: an event with another id could never get a working link.
const uuid = z.uuid();

/** The kind of email and the roles it goes to, per event type; null for events that email nobody. */
function triggerOf(event: RecordedEvent): {
  kind: LiveEmailKind;
  roles: LiveRole[];
  interview: LiveInterviewDetails;
  previousStartsAt: string | null;
  at: string;
  /** link-reissued: the new link */
  linkId?: string;
  /** declined: the candidate's note */
  note?: string;
} | null {
  const both: LiveRole[] = ['candidate', 'host'];
  switch (event.type) {
    case names.LiveInterviewScheduled: {
      const data = liveEventSchemas.LiveInterviewScheduled.parse(event.data);
      return { kind: 'scheduled', roles: both, interview: data.interview, previousStartsAt: null, at: data.at };
    }
    case names.LiveInterviewRescheduled: {
      const data = liveEventSchemas.LiveInterviewRescheduled.parse(event.data);
      return {
        kind: 'rescheduled',
        roles: both,
        interview: data.interview,
        previousStartsAt: data.previousStartsAt,
        at: data.at,
      };
    }
    case names.LiveInterviewCancelled: {
      const data = liveEventSchemas.LiveInterviewCancelled.parse(event.data);
      return { kind: 'cancelled', roles: both, interview: data.interview, previousStartsAt: null, at: data.at };
    }
    case names.LiveInterviewDeclinedByCandidate: {
      const data = liveEventSchemas.LiveInterviewDeclinedByCandidate.parse(event.data);
      // the candidate knows: they declined it themselves, on the page that told them so
      return { kind: 'declined', roles: ['host'], interview: data.interview, previousStartsAt: null, at: data.at, note: data.note };
    }
    case names.LiveLinkReissued: {
      const data = liveEventSchemas.LiveLinkReissued.parse(event.data);
      return {
        kind: 'link-reissued',
        roles: [data.role],
        interview: data.interview,
        previousStartsAt: null,
        at: data.at,
        linkId: data.linkId,
      };
    }
    default:
      // LiveLinkRevoked emails nobody: the holder finds out when the link says so
      return null;
  }
}

/** The scheduling recruiter first, then the interviewers, each address once (case-insensitive). */
export function interviewersOf(interview: LiveInterviewDetails): Recipient[] {
  const seen = new Set<string>();
  const hosts: Recipient[] = [];
  for (const person of [interview.scheduledBy, ...interview.interviewers]) {
    const key = person.email.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    hosts.push({ role: 'host', name: person.name, email: person.email.trim() });
  }
  return hosts;
}

const recipientsOf = (interview: LiveInterviewDetails, role: LiveRole): Recipient[] =>
  role === 'candidate'
    ? [{ role, name: interview.candidate.name, email: interview.candidate.email.trim() }]
    : interviewersOf(interview);

/** The emails a live interview event asks for; null for events this policy ignores; throws on a malformed one. */
export function liveEmailsOf(event: RecordedEvent): PlannedLiveEmail[] | null {
  const trigger = triggerOf(event);
  if (!trigger) return null;
  const { interview, kind } = trigger;
  uuid.parse(interview.liveInterviewId);

  return trigger.roles.flatMap((role) => {
    const current = role === 'candidate' ? interview.candidateLinkId : interview.hostLinkId;
    const linkId = trigger.linkId ?? current;
    // an invitation without a working link has nothing to invite with; a later re-issue sends it
    if ((kind === 'scheduled' || kind === 'link-reissued') && !linkId) return [];
    return recipientsOf(interview, role).map((recipient) => ({
      streamId: liveDeliveryStream(interview.liveInterviewId, event.streamVersion, role, recipient.email),
      request: {
        organisationId: interview.organisationId,
        inviteId: interview.liveInterviewId,
        linkId: kind === 'cancelled' || kind === 'declined' ? '' : (linkId ?? ''),
        purpose: role === 'candidate' ? 'live-candidate' : 'live-interviewer',
        to: recipient.email,
        recipientName: recipient.name,
        kind,
        role,
        interview,
        previousStartsAt: trigger.previousStartsAt,
        ...(trigger.note === undefined ? {} : { note: trigger.note }),
        changedAt: trigger.at,
        sourceEventId: event.eventId,
      },
    }));
  });
}
