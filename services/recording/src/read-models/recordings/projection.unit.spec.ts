// The recordings read model: a segment's document follows its life, and a deleted one keeps no
// storage key; events of other kinds or failing their contract are not applied.
import { recordingEventNames as types, type RecordedEvent } from '@candor/contracts';
import { recordingsProjection } from './projection';

const room = { roomId: 'room-1', organisationId: 'org-a', segmentId: 'seg-1' };
let position = 0;
const recorded = (type: string, data: unknown): RecordedEvent => ({
  eventId: `e${++position}`,
  streamId: 'recordings-room-1',
  streamVersion: position,
  position,
  type,
  data,
  metadata: { occurredAt: '2026-11-01T10:00:00.000Z' },
  recordedAt: '2026-11-01T10:00:00.000Z',
});

function apply(...events: RecordedEvent[]) {
  let doc = null;
  for (const event of events) {
    const decoded = recordingsProjection.decode(event);
    if (decoded) doc = recordingsProjection.evolve(doc, decoded);
  }
  return doc;
}

const started = recorded(types.RecordingSegmentStarted, {
  ...room,
  mediaEventId: 'm1',
  index: 1,
  startedBy: 'h1',
  startedByName: 'Hana Host',
  participants: [{ participantId: 'h1', name: 'Hana Host', role: 'host' }],
  consent: null,
  at: '2026-11-01T10:00:00.000Z',
});
const closed = recorded(types.RecordingSegmentClosed, {
  ...room,
  mediaEventId: 'm2',
  durationMs: 8000,
  interrupted: false,
  at: '2026-11-01T10:00:08.000Z',
});
const ready = recorded(types.RecordingReady, {
  ...room,
  key: 'org-a/room-1/seg-1/composite.webm',
  contentType: 'video/webm',
  sizeBytes: 4096,
  durationMs: 7900,
  tracks: [],
  at: '2026-11-01T10:01:00.000Z',
});

it('follows a segment from recording to ready', () => {
  expect(apply(started)).toMatchObject({ _id: 'seg-1', status: 'recording', endedAt: null, key: null });
  expect(apply(started, closed)).toMatchObject({
    status: 'processing',
    endedAt: '2026-11-01T10:00:08.000Z',
    durationMs: 8000,
  });
  expect(apply(started, closed, ready)).toMatchObject({
    status: 'ready',
    durationMs: 7900,
    sizeBytes: 4096,
    key: 'org-a/room-1/seg-1/composite.webm',
  });
});

it('keeps no storage key once deleted', () => {
  const deleted = recorded(types.RecordingDeleted, {
    ...room,
    by: 'r1',
    reason: 'recruiter',
    at: '2026-11-02T00:00:00.000Z',
  });
  expect(apply(started, closed, ready, deleted)).toMatchObject({
    status: 'deleted',
    key: null,
    deletedAt: '2026-11-02T00:00:00.000Z',
  });
});

it('ignores room notes and events that fail their contract', () => {
  expect(recordingsProjection.decode(recorded(types.RecordingParticipantJoined, { roomId: 'room-1' }))).toBeNull();
  expect(recordingsProjection.decode(recorded(types.RecordingReady, { ...room, key: 42 }))).toBeNull();
});
