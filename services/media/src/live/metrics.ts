// The media service's own metrics, on its process's /metrics (registered by its composition through
// the runtime's MetricsHook): the live rooms this process holds and who is connected to them, read
// from the live rooms at each scrape. Every role × state series is always there (0 when empty), so
// a dashboard or an alert sees "nobody" rather than "no data".
import { liveRole } from '@candor/contracts';
import type { MetricsHook } from '@candor/runtime';
import type { LiveParticipant } from './participant';
import type { LiveRooms } from './live-rooms';

const states: LiveParticipant['state'][] = ['waiting', 'in-room'];

export function registerLiveRoomMetrics(metrics: MetricsHook, liveRooms: Pick<LiveRooms, 'census'>): void {
  metrics.gauge({
    name: 'candor_media_rooms_open',
    help: 'Live rooms this media process holds open (someone connected, or a waiting candidate\'s place kept)',
    labelNames: [],
    read: () => [{ labels: {}, value: liveRooms.census().rooms }],
  });
  metrics.gauge({
    name: 'candor_media_participants',
    help: 'Participants connected to this media process\'s live rooms, by role (host, candidate) and state (waiting, in-room)',
    labelNames: ['role', 'state'],
    read() {
      const { participants } = liveRooms.census();
      return liveRole.options.flatMap((role) =>
        states.map((state) => ({
          labels: { role, state },
          value: participants.filter((participant) => participant.role === role && participant.state === state).length,
        })),
      );
    },
  });
}
