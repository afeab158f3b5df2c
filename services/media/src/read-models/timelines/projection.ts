// The timelines read model (`media_timelines`): one document per live interview with who took part
// and what happened when (joined, admitted, declined, muted, left, recording on/off, ended), and the
// actual duration, for the recruiter's Interview Analysis page. Built only from the room's events,
// each validated against its contract; they carry names and roles, never an email address.
//
// Hosts get a fresh participant id per connection, so a host who reloads is the same participant
// again: participants are keyed by role and name (the candidate is always `candidate`). Two
// interviewers who typed the same name show as one; the timeline still lists each connection.
import {
  roomEventNames as names,
  roomEventSchemas,
  topics,
  type InterviewTimeline,
  type LiveRole,
  type RecordedEvent,
  type RoomStatus,
  type TimelineEntry,
  type TimelineParticipant,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import { candidateParticipantId, type RoomEvent } from '../../room';

interface Connection {
  participantId: string;
  name: string;
  role: LiveRole;
  connected: boolean;
}

export type TimelineDocument = InterviewTimeline & {
  _id: string;
  organisationId: string;
  /** the candidate was admitted: the interview took place (the Interviews list shows it) */
  held: boolean;
  cancelledAt: string | null;
  /** every connection seen, to name the participant of a `left` or `muted` event */
  connections: Connection[];
};

type RoomRecordedEvent = RecordedEvent<RoomEvent['type']> & RoomEvent;

const decoders = Object.fromEntries(
  (Object.keys(names) as (keyof typeof names)[]).map((name) => [names[name], roomEventSchemas[name]]),
) as Record<RoomEvent['type'], (typeof roomEventSchemas)[keyof typeof roomEventSchemas]>;

const participantKey = (role: LiveRole, name: string) =>
  role === 'candidate' ? candidateParticipantId : `host:${name}`;

function statusOf(doc: TimelineDocument): RoomStatus {
  if (doc.cancelledAt) return 'cancelled';
  if (doc.endedAt) return 'ended';
  if (doc.startedAt) return 'in_progress';
  return doc.connections.some((c) => c.connected && c.role === 'candidate') ? 'waiting' : 'scheduled';
}

function durationOf(startedAt: string | null, endedAt: string | null): number | null {
  if (!startedAt || !endedAt) return null;
  return Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000));
}

/** Adds an entry, recomputes status and duration. */
function next(doc: TimelineDocument, change: Partial<TimelineDocument>, entry?: TimelineEntry): TimelineDocument {
  const changed = { ...doc, ...change, timeline: entry ? [...doc.timeline, entry] : doc.timeline };
  return { ...changed, status: statusOf(changed), durationSeconds: durationOf(changed.startedAt, changed.endedAt) };
}

const entry = (
  at: string,
  kind: TimelineEntry['kind'],
  who: { name: string; role: LiveRole } | null,
  byName: string | null = null,
): TimelineEntry => ({ at, kind, participantName: who?.name ?? null, role: who?.role ?? null, byName });

function joined(doc: TimelineDocument, participantId: string, name: string, role: LiveRole, at: string) {
  const key = participantKey(role, name);
  const participants: TimelineParticipant[] = doc.participants.some((p) => participantKey(p.role, p.name) === key)
    ? doc.participants.map((p) =>
        participantKey(p.role, p.name) === key ? { ...p, lastLeftAt: null, connections: p.connections + 1 } : p,
      )
    : [...doc.participants, { name, role, firstJoinedAt: at, lastLeftAt: null, connections: 1 }];
  const connections = [
    ...doc.connections.filter((c) => c.participantId !== participantId),
    { participantId, name, role, connected: true },
  ];
  // someone came back into an interview that looked over because everyone had left: it goes on
  const endedByHost = doc.timeline.some((previous) => previous.kind === 'ended');
  const endedAt = endedByHost ? doc.endedAt : null;
  return next(doc, { participants, connections, endedAt }, entry(at, 'joined', { name, role }));
}

function left(doc: TimelineDocument, participantId: string, at: string) {
  const who = doc.connections.find((c) => c.participantId === participantId);
  if (!who) return doc;
  const connections = doc.connections.map((c) => (c.participantId === participantId ? { ...c, connected: false } : c));
  const key = participantKey(who.role, who.name);
  const stillHere = connections.some((c) => c.connected && participantKey(c.role, c.name) === key);
  const participants = doc.participants.map((p) =>
    participantKey(p.role, p.name) === key && !stillHere ? { ...p, lastLeftAt: at } : p,
  );
  // an interview nobody ended is over when the last participant left after it began
  const empty = !connections.some((c) => c.connected);
  const endedAt = doc.endedAt ?? (doc.startedAt && empty ? at : null);
  return next(doc, { connections, participants, endedAt }, entry(at, 'left', who));
}

export const timelinesProjection: Projection<TimelineDocument, RoomRecordedEvent> = {
  name: 'media.timelines',
  collection: 'media_timelines',
  topics: [topics.media],
  decode(event) {
    const schema = decoders[event.type as RoomEvent['type']];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as RoomRecordedEvent) : null;
  },
  documentId: (event) => event.data.roomId,
  evolve(doc, event) {
    if (event.type === names.RoomPrepared) {
      if (doc) return doc;
      const { roomId, organisationId, candidateName } = event.data;
      return {
        _id: roomId,
        roomId,
        organisationId,
        candidateName,
        status: 'scheduled',
        held: false,
        startedAt: null,
        endedAt: null,
        durationSeconds: null,
        cancelledAt: null,
        participants: [],
        timeline: [],
        connections: [],
      };
    }
    if (!doc) return doc;
    const { at } = event.data;
    const candidate = { name: doc.candidateName, role: 'candidate' as const };
    switch (event.type) {
      case names.RoomCancelled:
        return next(doc, { cancelledAt: at });
      case names.RecordingConsentGiven:
        return next(doc, {}, entry(at, 'consent-given', candidate));
      case names.ParticipantJoined:
        return joined(doc, event.data.participantId, event.data.name, event.data.role, at);
      case names.ParticipantLeft:
        return left(doc, event.data.participantId, at);
      case names.CandidateAdmitted:
        // a reconnect after the end does not move the start; the first admission is the start
        return next(
          doc,
          { startedAt: doc.startedAt ?? at, held: true },
          entry(at, 'admitted', candidate, event.data.byName),
        );
      case names.CandidateDeclined:
        return next(doc, {}, entry(at, 'declined', candidate, event.data.byName));
      case names.ParticipantMuted: {
        const who = doc.connections.find((c) => c.participantId === event.data.participantId) ?? null;
        return next(doc, {}, entry(at, 'muted', who, event.data.byName));
      }
      case names.RecordingStarted:
        return next(doc, {}, entry(at, 'recording-started', null, event.data.byName));
      case names.RecordingStopped:
        return next(doc, {}, entry(at, 'recording-stopped', null, event.data.byName));
      case names.InterviewEnded: {
        // everyone's socket is closed by the end: nobody is connected any more
        const connections = doc.connections.map((c) => ({ ...c, connected: false }));
        const participants = doc.participants.map((p) => (p.lastLeftAt ? p : { ...p, lastLeftAt: at }));
        return next(doc, { endedAt: at, connections, participants }, entry(at, 'ended', null, event.data.byName));
      }
      case names.RoomRescheduled:
      case names.RoomLinksChanged:
        return doc;
    }
  },
};
