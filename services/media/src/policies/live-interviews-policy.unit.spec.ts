import { randomUUID } from 'node:crypto';
import { liveEventNames, roomEventNames, type LiveInterviewDetails, type RecordedEvent } from '@candor/contracts';
import { createLogger } from '@candor/runtime';
import { loadRoom } from '../room';
import { createMemoryEventStore } from '../../test/memory-event-store';
import { liveInterviewsPolicy } from './live-interviews-policy';

const logger = createLogger('test', 'silent');
const roomId = randomUUID();
const details: LiveInterviewDetails = {
  liveInterviewId: roomId,
  organisationId: 'org-a',
  organisationName: 'Acme',
  templateId: 'tpl-1',
  templateName: 'Backend panel',
  instructions: '',
  durationMinutes: 45,
  recordable: true,
  candidate: { name: 'Grace Hopper', email: 'grace@example.test' },
  interviewers: [],
  scheduledBy: { recruiterId: 'rec-1', name: 'Ada', email: 'ada@example.test' },
  startsAt: '2026-11-22T09:00:00.000Z',
  timeZone: 'Europe/Berlin',
  candidateLinkId: 'cand-1',
  hostLinkId: 'host-1',
  sequence: 0,
};
let position = 0;
function inviteEvent(name: keyof typeof liveEventNames, data: object): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(),
    streamId: `live-interview-${roomId}`,
    streamVersion: position,
    position,
    type: liveEventNames[name],
    data: { by: 'rec-1', at: `2026-11-21T10:0${position}:00.000Z`, ...data },
    metadata: { occurredAt: '2026-11-21T10:00:00.000Z' },
    recordedAt: '2026-11-21T10:00:00.000Z',
  };
}

describe('policy media.live-interviews', () => {
  const history = [
    inviteEvent('LiveInterviewScheduled', { interview: details }),
    inviteEvent('LiveInterviewRescheduled', {
      interview: { ...details, startsAt: '2026-11-23T09:00:00.000Z', sequence: 1 },
      previousStartsAt: details.startsAt,
    }),
    inviteEvent('LiveLinkRevoked', {
      interview: { ...details, candidateLinkId: null },
      role: 'candidate',
      linkId: 'cand-1',
    }),
    inviteEvent('LiveLinkReissued', {
      interview: { ...details, candidateLinkId: 'cand-2' },
      role: 'candidate',
      linkId: 'cand-2',
      previousLinkId: null,
    }),
    inviteEvent('LiveLinkReissued', {
      interview: { ...details, candidateLinkId: 'cand-2', hostLinkId: 'host-2' },
      role: 'host',
      linkId: 'host-2',
      previousLinkId: 'host-1',
    }),
  ];

  it('prepares, moves and re-links the room, and a replay of all history writes nothing more', async () => {
    const store = createMemoryEventStore();
    const policy = liveInterviewsPolicy({ store, logger });
    for (const event of history) await policy.handle(event);
    expect(store.events.map((event) => event.type)).toEqual([
      roomEventNames.RoomPrepared,
      roomEventNames.RoomRescheduled,
      roomEventNames.RoomLinksChanged,
      roomEventNames.RoomLinksChanged,
      roomEventNames.RoomLinksChanged,
    ]);
    expect(await loadRoom(store, roomId)).toMatchObject({
      status: 'prepared',
      startsAt: '2026-11-23T09:00:00.000Z',
      candidateLinkId: 'cand-2',
      hostLinkId: 'host-2',
      candidateName: 'Grace Hopper',
      recordable: true,
    });
    for (const event of history) await policy.handle(event);
    expect(store.events).toHaveLength(5);
  });

  it('cancels the room once and closes it live on every delivery', async () => {
    const store = createMemoryEventStore();
    const closed: string[] = [];
    const policy = liveInterviewsPolicy({ store, logger, onCancelled: async (id) => void closed.push(id) });
    const cancel = inviteEvent('LiveInterviewCancelled', { interview: details });
    for (const event of [history[0]!, cancel, cancel]) await policy.handle(event);
    expect(store.events.map((event) => event.type)).toEqual([
      roomEventNames.RoomPrepared,
      roomEventNames.RoomCancelled,
    ]);
    expect(closed).toEqual([roomId, roomId]);
  });

  it('closes the room when the candidate declines: nobody waits in it for an interview that will not happen', async () => {
    const store = createMemoryEventStore();
    const closed: string[] = [];
    const policy = liveInterviewsPolicy({ store, logger, onCancelled: async (id) => void closed.push(id) });
    const declined = inviteEvent('LiveInterviewDeclinedByCandidate', { interview: details, note: '', by: 'cand-1' });
    for (const event of [history[0]!, declined]) await policy.handle(event);
    expect(store.events.map((event) => event.type)).toEqual([roomEventNames.RoomPrepared, roomEventNames.RoomCancelled]);
    expect(closed).toEqual([roomId]);
    // the reason travels, so whoever is in the room is told the candidate declined
    expect(store.events[1]!.data).toMatchObject({ reason: 'candidate-declined' });
  });

  it('skips events it cannot use instead of blocking the stream', async () => {
    const store = createMemoryEventStore();
    const policy = liveInterviewsPolicy({ store, logger });
    await policy.handle(inviteEvent('LiveInterviewScheduled', { interview: { ...details, startsAt: 42 } }));
    await policy.handle(history[2]!); // a link change for a room that was never prepared
    await policy.handle({ ...history[0]!, type: 'invite.JobCreated.v1' });
    expect(store.events).toEqual([]);
  });

  it('throws when the store fails, so the bus delivers the event again', async () => {
    const store = { ...createMemoryEventStore(), append: () => Promise.reject(new Error('database is down')) };
    const policy = liveInterviewsPolicy({ store, logger });
    await expect(policy.handle(history[0]!)).rejects.toThrow('database is down');
  });
});
