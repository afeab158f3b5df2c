// The table of a template's scheduled live interviews: which status a row shows (the invite
// service's cancellation, else the media room's state), how rows group into upcoming, past and
// cancelled, and how a duration reads. Pure: the clock comes in as an argument. The time-zone side
// (reading and showing starts) is zoned-time.ts.

export type LiveStatus = 'scheduled' | 'waiting' | 'in_progress' | 'ended' | 'cancelled';

export const liveStatusLabels: Record<LiveStatus, string> = {
  scheduled: 'Scheduled',
  waiting: 'Candidate waiting',
  in_progress: 'In progress',
  ended: 'Ended',
  cancelled: 'Cancelled',
};

interface InterviewLike {
  id: string;
  startsAt: string;
  durationMinutes: number;
  status: 'scheduled' | 'cancelled';
}

interface RoomLike {
  id: string;
  status: LiveStatus;
  recording: boolean;
}

/** A room is the interview's: same id, or `room-<interview id>`. */
export function roomOf<R extends RoomLike>(interviewId: string, rooms: readonly R[] | null): R | null {
  return rooms?.find((room) => room.id === interviewId || room.id === `room-${interviewId}`) ?? null;
}

/**
 * The status a row shows. A cancellation is the invite service's (the write the recruiter just made);
 * otherwise the media room says where the interview is. No room known (the media service is not
 * answering, or has not seen the interview yet): no status, rather than a guess.
 */
export function liveStatusOf(
  interview: InterviewLike,
  room: RoomLike | null,
): { status: LiveStatus; recording: boolean } | null {
  if (interview.status === 'cancelled') return { status: 'cancelled', recording: false };
  if (!room) return null;
  return { status: room.status, recording: room.recording && room.status === 'in_progress' };
}

export interface InterviewGroups<T> {
  /** not over yet, soonest first */
  upcoming: T[];
  /** over (ended, or past their scheduled end), latest first */
  past: T[];
  /** latest first */
  cancelled: T[];
}

/**
 * Sorts a template's interviews into the table's sections. An interview counts as past once its
 * room has ended, or, without a room status, once its scheduled time plus its duration is behind `now`.
 */
export function groupInterviews<T extends InterviewLike>(
  interviews: readonly T[],
  now: number,
  statusOf: (interview: T) => LiveStatus | null = () => null,
): InterviewGroups<T> {
  const groups: InterviewGroups<T> = { upcoming: [], past: [], cancelled: [] };
  for (const interview of interviews) {
    const status = interview.status === 'cancelled' ? 'cancelled' : statusOf(interview);
    if (status === 'cancelled') groups.cancelled.push(interview);
    else if (status === 'ended') groups.past.push(interview);
    else if (status === 'waiting' || status === 'in_progress') groups.upcoming.push(interview);
    else if (Date.parse(interview.startsAt) + interview.durationMinutes * 60_000 <= now) groups.past.push(interview);
    else groups.upcoming.push(interview);
  }
  const byStart = (a: T, b: T) => Date.parse(a.startsAt) - Date.parse(b.startsAt);
  groups.upcoming.sort(byStart);
  groups.past.sort((a, b) => byStart(b, a));
  groups.cancelled.sort((a, b) => byStart(b, a));
  return groups;
}

/** `45 min`, `1 h`, `1 h 30 min`. */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
