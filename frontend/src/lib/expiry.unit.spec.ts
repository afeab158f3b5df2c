import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateOfExpiry, expiryFromDate } from './expiry.ts';

test('an empty date means the link does not expire', () => {
  assert.deepEqual(expiryFromDate(''), { ok: true, expiresAt: null });
  assert.deepEqual(expiryFromDate('   '), { ok: true, expiresAt: null });
});

test('a date means the end of that day, UTC', () => {
  assert.deepEqual(expiryFromDate('2030-01-31'), { ok: true, expiresAt: '2030-01-31T23:59:59Z' });
});

test('malformed and impossible dates are refused', () => {
  assert.equal(expiryFromDate('31/01/2030').ok, false);
  assert.equal(expiryFromDate('2030-02-30').ok, false);
  assert.equal(expiryFromDate('2030-1-5').ok, false);
});

test('an expiry shows as its date', () => {
  assert.equal(dateOfExpiry('2030-01-31T23:59:59Z'), '2030-01-31');
  assert.equal(dateOfExpiry(null), '');
  assert.equal(dateOfExpiry('soon'), '');
});
