import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEntry } from './view.ts';

test('a timeline entry reads as a sentence naming who did what to whom', () => {
  assert.equal(describeEntry({ kind: 'muted', participantName: 'Grace', byName: 'Ada' }), 'Ada muted Grace');
  assert.equal(describeEntry({ kind: 'admitted', participantName: 'Grace', byName: 'Ada' }), 'Ada admitted Grace');
  assert.equal(describeEntry({ kind: 'joined', participantName: 'Grace', byName: null }), 'Grace joined');
  assert.equal(
    describeEntry({ kind: 'recording-started', participantName: null, byName: 'Ada' }),
    'Ada started recording',
  );
  assert.equal(
    describeEntry({ kind: 'ended', participantName: null, byName: null }),
    'An interviewer ended the interview',
  );
  assert.equal(
    describeEntry({ kind: 'consent-given', participantName: 'Grace', byName: null }),
    'Grace agreed to be recorded',
  );
});
