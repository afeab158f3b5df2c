import { roomEventNames as names, type RecordedEvent } from '@candor/contracts';
import { roomsProjection, type RoomDocument } from './projection';

const room = { roomId: 'room-1', organisationId: 'org-a' };
let position = 0;
const event = (type: string, data: object, at: string): RecordedEvent => ({
  eventId: `e${++position}`,
  streamId: 'room-room-1',
  streamVersion: position,
  position,
  type,
  data: { ...room, ...data, at },
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

function project(events: RecordedEvent[]): RoomDocument | null {
  let doc: RoomDocument | null = null;
  for (const recorded of events) {
    const decoded = roomsProjection.decode(recorded);
    if (decoded) doc = roomsProjection.evolve(doc, decoded);
  }
  return doc;
}

describe('rooms read model', () => {
  it('follows a room from scheduled through waiting and in progress to ended', () => {
    const by = { by: 'host-a', byName: 'Ada' };
    const steps: [RecordedEvent, Partial<RoomDocument>][] = [
      [prepared, { status: 'scheduled', recording: false, updatedAt: '2026-11-21T10:00:00.000Z' }],
      [
        event(names.RecordingConsentGiven, { linkId: 'c', notice: 'n' }, '2026-11-22T08:50:00.000Z'),
        { recordingConsentAt: '2026-11-22T08:50:00.000Z' },
      ],
      [
        event(
          names.ParticipantJoined,
          { participantId: 'candidate', name: 'Grace', role: 'candidate' },
          '2026-11-22T08:51:00.000Z',
        ),
        { status: 'waiting' },
      ],
      [
        event(names.ParticipantLeft, { participantId: 'candidate' }, '2026-11-22T08:52:00.000Z'),
        { status: 'scheduled' },
      ],
      [
        event(
          names.ParticipantJoined,
          { participantId: 'candidate', name: 'Grace', role: 'candidate' },
          '2026-11-22T08:53:00.000Z',
        ),
        { status: 'waiting' },
      ],
      [
        event(
          names.ParticipantJoined,
          { participantId: 'host-a', name: 'Ada', role: 'host' },
          '2026-11-22T08:54:00.000Z',
        ),
        { status: 'waiting' },
      ],
      [
        event(names.CandidateAdmitted, by, '2026-11-22T09:00:00.000Z'),
        { status: 'in_progress', admittedAt: '2026-11-22T09:00:00.000Z' },
      ],
      [event(names.RecordingStarted, by, '2026-11-22T09:01:00.000Z'), { recording: true }],
      [
        event(names.InterviewEnded, by, '2026-11-22T09:40:00.000Z'),
        {
          status: 'ended',
          recording: false,
          endedAt: '2026-11-22T09:40:00.000Z',
          updatedAt: '2026-11-22T09:40:00.000Z',
        },
      ],
    ];
    for (let step = 1; step <= steps.length; step++) {
      expect(project(steps.slice(0, step).map(([recorded]) => recorded))).toMatchObject(steps[step - 1]![1]);
    }
  });

  it('keeps when the candidate was declined (the candidate link is refused from then on)', () => {
    const by = { by: 'host-a', byName: 'Ada' };
    const before = project([prepared]);
    const declined = project([
      prepared,
      event(
        names.ParticipantJoined,
        { participantId: 'candidate', name: 'Grace', role: 'candidate' },
        '2026-11-22T08:53:00.000Z',
      ),
      event(names.CandidateDeclined, by, '2026-11-22T08:55:00.000Z'),
    ]);
    expect(before).toMatchObject({ declinedAt: null });
    expect(declined).toMatchObject({
      declinedAt: '2026-11-22T08:55:00.000Z',
      admittedAt: null,
      updatedAt: '2026-11-22T08:55:00.000Z',
    });
  });

  it('shows a cancelled room as cancelled, and ignores events it cannot read', () => {
    const cancelled = event(names.RoomCancelled, {}, '2026-11-21T12:00:00.000Z');
    const broken = event(names.RecordingStarted, { by: 42 }, '2026-11-21T12:01:00.000Z');
    expect(roomsProjection.decode(broken)).toBeNull();
    expect(project([prepared, cancelled, broken])).toMatchObject({ status: 'cancelled', recording: false });
    expect(project([cancelled])).toBeNull();
  });
});
