import { roomEventNames as names, type RecordedEvent } from '@candor/contracts';
import { timelinesProjection, type TimelineDocument } from './projection';

let position = 0;
const event = (type: string, data: object, at: string): RecordedEvent => ({
  eventId: `e${++position}`,
  streamId: 'room-room-1',
  streamVersion: position,
  position,
  type,
  data: { roomId: 'room-1', organisationId: 'org-a', ...data, at },
  metadata: { occurredAt: at },
  recordedAt: at,
});
const prepared = event(
  names.RoomPrepared,
  {
    templateId: 'tpl-1',
    templateName: 'Panel',
    candidateName: 'Grace',
    startsAt: '2026-11-22T09:00:00.000Z',
    durationMinutes: 45,
    recordable: true,
    candidateLinkId: 'c',
    hostLinkId: 'h',
  },
  '2026-11-21T10:00:00.000Z',
);
const t = (minute: number, second = 0) =>
  `2026-11-22T09:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;
const joined = (participantId: string, name: string, role: 'candidate' | 'host', at: string) =>
  event(names.ParticipantJoined, { participantId, name, role }, at);
const left = (participantId: string, at: string) => event(names.ParticipantLeft, { participantId }, at);
const by = { by: 'h1', byName: 'Ada' };

function project(events: RecordedEvent[]): TimelineDocument | null {
  let doc: TimelineDocument | null = null;
  for (const recorded of events) {
    const decoded = timelinesProjection.decode(recorded);
    if (decoded) doc = timelinesProjection.evolve(doc, decoded);
  }
  return doc;
}

describe('timelines read model', () => {
  it('tells what happened, who took part and how long the interview lasted', () => {
    const doc = project([
      prepared,
      event(names.RecordingConsentGiven, { linkId: 'c', notice: 'n' }, t(0)),
      joined('candidate', 'Grace', 'candidate', t(0, 10)),
      joined('h1', 'Ada', 'host', t(1)),
      event(names.CandidateAdmitted, by, t(2)),
      event(names.RecordingStarted, by, t(3)),
      event(names.ParticipantMuted, { participantId: 'candidate', ...by }, t(4)),
      left('h1', t(5)),
      joined('h2', 'Ada', 'host', t(5, 30)),
      event(names.RecordingStopped, by, t(6)),
      event(names.InterviewEnded, { by: 'h2', byName: 'Ada' }, t(12, 30)),
    ])!;
    expect(doc).toMatchObject({
      status: 'ended',
      held: true,
      startedAt: t(2),
      endedAt: t(12, 30),
      durationSeconds: 630,
    });
    expect(doc.timeline.map((entry) => [entry.kind, entry.participantName, entry.byName])).toEqual([
      ['consent-given', 'Grace', null],
      ['joined', 'Grace', null],
      ['joined', 'Ada', null],
      ['admitted', 'Grace', 'Ada'],
      ['recording-started', null, 'Ada'],
      ['muted', 'Grace', 'Ada'],
      ['left', 'Ada', null],
      ['joined', 'Ada', null],
      ['recording-stopped', null, 'Ada'],
      ['ended', null, 'Ada'],
    ]);
    // a host who reconnected is one participant with two connections
    expect(doc.participants).toEqual([
      { name: 'Grace', role: 'candidate', firstJoinedAt: t(0, 10), lastLeftAt: t(12, 30), connections: 1 },
      { name: 'Ada', role: 'host', firstJoinedAt: t(1), lastLeftAt: t(12, 30), connections: 2 },
    ]);
  });

  it('ends an interview nobody ended when the last participant leaves, and goes on if one comes back', () => {
    const start = [
      prepared,
      joined('candidate', 'Grace', 'candidate', t(0)),
      joined('h1', 'Bo', 'host', t(1)),
      event(names.CandidateAdmitted, { by: 'h1', byName: 'Bo' }, t(1, 30)),
      left('h1', t(9)),
      left('candidate', t(10)),
    ];
    expect(project(start)).toMatchObject({ status: 'ended', endedAt: t(10), durationSeconds: 510 });
    expect(project([...start, joined('candidate', 'Grace', 'candidate', t(11))])).toMatchObject({
      status: 'in_progress',
      endedAt: null,
      durationSeconds: null,
    });
  });

  it('is not held until the candidate is admitted, and carries no email address', () => {
    const doc = project([prepared, joined('candidate', 'Grace', 'candidate', t(0))])!;
    expect(doc).toMatchObject({ status: 'waiting', held: false, startedAt: null });
    expect(JSON.stringify(doc)).not.toContain('@');
  });
});
