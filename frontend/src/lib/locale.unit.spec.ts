import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDateTime, formatTime } from './format.ts';
import { localeFromAcceptLanguage, readLocaleFrom } from './locale.ts';
import { formatInZone } from './zoned-time.ts';

test('the locale is the first language of Accept-Language the runtime can format in', () => {
  assert.equal(localeFromAcceptLanguage('de-DE,de;q=0.9,en;q=0.8'), 'de-DE');
  assert.equal(localeFromAcceptLanguage('en;q=0.5, fr-CA'), 'fr-CA');
  assert.equal(localeFromAcceptLanguage('*'), undefined);
  assert.equal(localeFromAcceptLanguage('not a tag!!, en-GB'), 'en-GB');
  assert.equal(localeFromAcceptLanguage(null), undefined);
});

test('every formatter writes in the one locale: 24-hour for en-GB, 12-hour for en-US', () => {
  const at = '2026-12-01T17:06:00Z';
  readLocaleFrom(() => 'en-GB');
  assert.equal(formatDateTime(at), '1 Dec 2026, 17:06 UTC');
  assert.match(formatInZone(at, 'UTC'), /17:06$/);
  assert.match(formatTime(at), /^\d{2}:\d{2}$/);
  readLocaleFrom(() => 'en-US');
  assert.equal(formatDateTime(at), 'Dec 1, 2026, 5:06 PM UTC');
  assert.match(formatInZone(at, 'UTC'), /0?5:06\sPM$/);
  assert.match(formatTime(at), /\d{1,2}:\d{2}\s?[AP]M$/);
  readLocaleFrom(() => undefined);
});
