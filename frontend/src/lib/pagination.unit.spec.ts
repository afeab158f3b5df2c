import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageCount, pageHref, pageParam } from './pagination.ts';

test('there is always at least one page', () => {
  assert.equal(pageCount(0, 20), 1);
  assert.equal(pageCount(20, 20), 1);
  assert.equal(pageCount(21, 20), 2);
});

test('page links keep the filters and drop waitFor', () => {
  const search = '?status=completed&q=ana&waitFor=s@3&page=2';
  assert.equal(pageHref('/interviews', search, 3), '/interviews?status=completed&q=ana&page=3');
  assert.equal(pageHref('/interviews', search, 1), '/interviews?status=completed&q=ana');
  assert.equal(pageHref('/interviews', '', 1), '/interviews');
});

test('a page number from the query is a positive integer', () => {
  assert.equal(pageParam('3'), 3);
  for (const bad of [null, '', '0', '-1', '1.5', 'two', '99999999']) assert.equal(pageParam(bad), 1);
});
