// When a live interview is, as the candidate reads it: the start in the zone it was scheduled in
// and in the reader's own zone, and when the waiting room opens. The server decides whether the
// room is open (the join answer); the page uses these to say when, and to reload at that moment.
import { DateTime } from 'luxon';
import type { waitingRoomOpensMinutesBefore } from '@candor/contracts';

/** Mirrors the contract (see outcomes.ts for why it is not imported). */
export const opensMinutesBefore = 15 as const satisfies typeof waitingRoomOpensMinutesBefore;

export function waitingRoomOpensAt(startsAt: string): Date {
  return new Date(new Date(startsAt).getTime() - opensMinutesBefore * 60_000);
}

/** Milliseconds until the waiting room opens (0 once open), capped to what setTimeout accepts. */
export function msUntilOpening(startsAt: string, now: Date): number {
  const wait = waitingRoomOpensAt(startsAt).getTime() - now.getTime();
  if (!Number.isFinite(wait)) return 0;
  return Math.min(Math.max(0, wait), 2 ** 31 - 1);
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
}

/** `Tuesday 1 December 2026 at 10:00 CET (Europe/Berlin)`; the raw instant for a zone the runtime does not know. */
export function formatInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    const text = formatter(timeZone).format(date);
    // `… 10:00 UTC` names its zone already; `… 10:00 CET` gets the place (`Europe/Berlin`)
    return text.endsWith(` ${timeZone}`) ? text : `${text} (${timeZone})`;
  } catch {
    return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }
}

/** The zone's offset from UTC at that instant (luxon, as the dashboard reads zones); null when either is unknown. */
function offsetAt(iso: string, timeZone: string): number | null {
  const at = DateTime.fromISO(iso, { zone: timeZone });
  return at.isValid ? at.offset : null;
}

export interface StartTimes {
  /** in the zone the interview was scheduled in */
  scheduled: string;
  /** in the reader's zone; null when it reads the same as the scheduled one */
  local: string | null;
}

export function describeStart(startsAt: string, scheduledZone: string, localZone: string | undefined): StartTimes {
  const scheduled = formatInZone(startsAt, scheduledZone);
  if (!localZone || localZone === scheduledZone) return { scheduled, local: null };
  // two zones read an instant alike when their offsets then are the same (Paris and Berlin)
  const same = offsetAt(startsAt, localZone) === offsetAt(startsAt, scheduledZone);
  return { scheduled, local: same ? null : formatInZone(startsAt, localZone) };
}
