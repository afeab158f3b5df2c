import { test } from 'node:test';
import assert from 'node:assert/strict';
import { announcementFor } from './announcements.ts';

const seen = (phase: 'joining' | 'waiting' | 'in-room' | 'over', recording = false, mutedBy: string | null = null) => ({
  phase,
  recording,
  mutedBy,
});

test('admission, recording and being muted are each said once, when they happen', () => {
  assert.equal(announcementFor(seen('waiting'), seen('in-room')), 'You have been admitted. The interview has started.');
  assert.equal(announcementFor(seen('in-room'), seen('in-room', true)), 'Recording started.');
  assert.equal(announcementFor(seen('in-room', true), seen('in-room', false)), 'Recording stopped.');
  assert.equal(announcementFor(seen('in-room'), seen('in-room', false, 'Ada')), 'You were muted by Ada.');
  // admitted into a room already recording: both, in order
  assert.equal(
    announcementFor(seen('waiting'), seen('in-room', true)),
    'You have been admitted. The interview has started. Recording started.',
  );
  // nothing changed, or a change nobody needs to hear
  assert.equal(announcementFor(seen('in-room', true, 'Ada'), seen('in-room', true, 'Ada')), null);
  assert.equal(announcementFor(seen('joining'), seen('waiting')), null);
  assert.equal(announcementFor(seen('in-room', true), seen('over', false)), null);
});
