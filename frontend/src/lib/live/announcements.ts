// What a screen reader hears when the live room changes under a participant: admitted from the
// waiting room, recording started or stopped, muted by an interviewer. Pure: the previous and the
// new state in, one sentence (or nothing) out. LiveRoom says it through one live region that stays
// on the page, because a region added together with its text is often not announced at all.
import type { LiveState } from './room-state.ts';

type Seen = Pick<LiveState, 'phase' | 'mutedBy'> & { recording: boolean };

export function announcementFor(previous: Seen, next: Seen): string | null {
  const said: string[] = [];
  if (previous.phase === 'waiting' && next.phase === 'in-room')
    said.push('You have been admitted. The interview has started.');
  if (next.phase === 'in-room' || next.phase === 'waiting') {
    if (!previous.recording && next.recording) said.push('Recording started.');
    if (previous.recording && !next.recording) said.push('Recording stopped.');
  }
  if (next.mutedBy && next.mutedBy !== previous.mutedBy) said.push(`You were muted by ${next.mutedBy}.`);
  return said.length > 0 ? said.join(' ') : null;
}
