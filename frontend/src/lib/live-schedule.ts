// The table of a template's scheduled live interviews: which status a row shows (the invite
// service's cancellation or the candidate's decline, else the media room's state), how rows group into upcoming, past and
// cancelled, and how a duration reads. Pure: the clock comes in as an argument. The time-zone side
// (reading and showing starts) is zoned-time.ts.

export type LiveStatus = 'scheduled' | 'waiting' | 'declined' | 'in_progress' | 'ended' | 'cancelled';

export const liveStatusLabels: Record<LiveStatus, string> = {
  scheduled: 'Scheduled',
  waiting: 'Candidate waiting',
  declined: 'Declined',
  in_progress: 'In progress',
  ended: 'Ended',
  cancelled: 'Cancelled',
};

interface InterviewLike {
  id: string;
  startsAt: string;
  durationMinutes: number;
  /** declined: by the candidate, from their link */
  status: 'scheduled' | 'cancelled' | 'declined';
}

interface RoomLike {
  id: string;
  status: Exclude<LiveStatus, 'declined'>;
  recording: boolean;
  /** the host declined the candidate (absent from an older media service) */
  declinedAt?: string | null;
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
  if (interview.status === 'declined') return { status: 'declined', recording: false };
  if (!room) return null;
  // declined before being admitted: the interview will not happen, though the room is not ended
  if (room.declinedAt && (room.status === 'scheduled' || room.status === 'waiting'))
    return { status: 'declined', recording: false };
  return { status: room.status, recording: room.recording && room.status === 'in_progress' };
}

/** What a link does now, as its row shows it. */
export type LinkDisplay = 'active' | 'revoked' | 'declined' | 'ended' | 'cancelled';

export const linkDisplayLabels: Record<LinkDisplay, string> = {
  active: 'Active',
  revoked: 'Revoked',
  declined: 'Declined',
  ended: 'Ended',
  cancelled: 'Cancelled',
};

/** Why a link that the invite service still calls active answers "no" now. */
export const linkDisplayHints: Partial<Record<LinkDisplay, string>> = {
  declined: 'The candidate declined, or was declined: this link only says so',
  ended: 'The interview has ended: this link only says so',
  cancelled: 'The interview is cancelled: this link only says so',
};

/**
 * What each link of a row really does now. The invite service knows revoked links; the room knows
 * the rest: a candidate the interviewer declined has their link refused (the interviewers' still
 * opens the room), and once the interview ended, was cancelled or the candidate declined it
 * themselves, both links are.
 */
export function linkDisplays(
  interview: {
    status: 'scheduled' | 'cancelled' | 'declined';
    candidateLinkState: 'active' | 'revoked';
    hostLinkState: 'active' | 'revoked';
  },
  live: { status: LiveStatus } | null,
): { candidate: LinkDisplay; host: LinkDisplay } {
  const over: LinkDisplay | null =
    interview.status === 'cancelled' || live?.status === 'cancelled'
      ? 'cancelled'
      : interview.status === 'declined'
        ? 'declined'
        : live?.status === 'ended'
          ? 'ended'
          : null;
  const show = (state: 'active' | 'revoked', declined: boolean): LinkDisplay =>
    state === 'revoked' ? 'revoked' : (over ?? (declined ? 'declined' : 'active'));
  return {
    candidate: show(interview.candidateLinkState, live?.status === 'declined'),
    host: show(interview.hostLinkState, false),
  };
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
 * room has ended or its candidate declined or was declined, or, without a room status, once its
 * scheduled time plus its duration is behind `now`.
 */
export function groupInterviews<T extends InterviewLike>(
  interviews: readonly T[],
  now: number,
  statusOf: (interview: T) => LiveStatus | null = () => null,
): InterviewGroups<T> {
  const groups: InterviewGroups<T> = { upcoming: [], past: [], cancelled: [] };
  for (const interview of interviews) {
    const status = interview.status === 'cancelled' || interview.status === 'declined' ? interview.status : statusOf(interview);
    if (status === 'cancelled') groups.cancelled.push(interview);
    else if (status === 'ended' || status === 'declined') groups.past.push(interview);
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
