// The live interviews read model: one document per scheduled interview, for a template's Invites tab
// (time, people, status, whether each link is active). Every event carries the interview's full
// details, so a document is rebuilt from the latest one; link ids stay out of it (the links are
// derived from the write model when a recruiter copies one).
import {
  liveEventNames as names,
  liveEventSchemas,
  topics,
  type LiveInterviewDetails,
  type LiveInterviewView,
  type RecordedEvent,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import type { LiveInterviewEvent } from '../../live-interview';

export type LiveInterviewDocument = LiveInterviewView & { _id: string };

type LiveInterviewRecordedEvent = RecordedEvent<LiveInterviewEvent['type']> & LiveInterviewEvent;

const schemas = {
  [names.LiveInterviewScheduled]: liveEventSchemas.LiveInterviewScheduled,
  [names.LiveInterviewRescheduled]: liveEventSchemas.LiveInterviewRescheduled,
  [names.LiveInterviewCancelled]: liveEventSchemas.LiveInterviewCancelled,
  [names.LiveInterviewDeclinedByCandidate]: liveEventSchemas.LiveInterviewDeclinedByCandidate,
  [names.LiveLinkRevoked]: liveEventSchemas.LiveLinkRevoked,
  [names.LiveLinkReissued]: liveEventSchemas.LiveLinkReissued,
} as const;

function documentOf(
  interview: LiveInterviewDetails,
  status: LiveInterviewView['status'],
  scheduledAt: string,
  updatedAt: string,
  candidateDeclined: LiveInterviewView['candidateDeclined'] = null,
): LiveInterviewDocument {
  return {
    _id: interview.liveInterviewId,
    id: interview.liveInterviewId,
    organisationId: interview.organisationId,
    templateId: interview.templateId,
    templateName: interview.templateName,
    candidateName: interview.candidate.name,
    candidateEmail: interview.candidate.email,
    interviewers: interview.interviewers,
    scheduledBy: interview.scheduledBy,
    startsAt: interview.startsAt,
    timeZone: interview.timeZone,
    durationMinutes: interview.durationMinutes,
    recordable: interview.recordable,
    status,
    candidateLinkState: interview.candidateLinkId === null ? 'revoked' : 'active',
    hostLinkState: interview.hostLinkId === null ? 'revoked' : 'active',
    candidateDeclined,
    scheduledAt,
    updatedAt,
  };
}

export const liveInterviewsProjection: Projection<LiveInterviewDocument, LiveInterviewRecordedEvent> = {
  name: 'invite.live-interviews',
  collection: 'invite_live_interviews',
  topics: [topics.invite],
  decode(event) {
    const schema = schemas[event.type as keyof typeof schemas];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as LiveInterviewRecordedEvent) : null;
  },
  documentId: (event) => event.data.interview.liveInterviewId,
  evolve(doc, event) {
    const { interview, at } = event.data;
    if (event.type === names.LiveInterviewScheduled) return documentOf(interview, 'scheduled', at, at);
    if (!doc) return doc;
    if (event.type === names.LiveInterviewDeclinedByCandidate)
      return documentOf(interview, 'declined', doc.scheduledAt, at, { at, note: event.data.note });
    const status = event.type === names.LiveInterviewCancelled ? 'cancelled' : doc.status;
    return documentOf(interview, status, doc.scheduledAt, at, doc.candidateDeclined ?? null);
  },
};
