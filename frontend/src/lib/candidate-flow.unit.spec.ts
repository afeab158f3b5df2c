import { test } from 'node:test';
import assert from 'node:assert/strict';
import { questionToShow } from './candidate-flow.ts';

test('without a choice the candidate resumes at the first unanswered question', () => {
  assert.equal(questionToShow(null, 0, 5), 0);
  assert.equal(questionToShow(null, 3, 5), 3);
});

test('when every question is answered the last one shows (to submit)', () => {
  assert.equal(questionToShow(null, 5, 5), 4);
});

test('the candidate may go back, never past the next unanswered question', () => {
  assert.equal(questionToShow('1', 3, 5), 1);
  assert.equal(questionToShow('4', 2, 5), 2);
  assert.equal(questionToShow('-1', 2, 5), 2);
  assert.equal(questionToShow('x', 2, 5), 2);
});
