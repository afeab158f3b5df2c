import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailParts } from './format.ts';

test('an email wraps only after a dot or before the @, and reads the same joined', () => {
  assert.deepEqual(emailParts('grace.hopper@navy.mil'), ['grace.', 'hopper', '@navy.', 'mil']);
  assert.deepEqual(emailParts('casey@example.com'), ['casey', '@example.', 'com']);
  for (const email of ['a@b', 'x.y.z@sub.domain.example', 'plain']) assert.equal(emailParts(email).join(''), email);
});
