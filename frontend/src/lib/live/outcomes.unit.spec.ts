import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFinal, outcomeOfClose, outcomeOfProblem, outcomeText, type LiveOutcome } from './outcomes.ts';

const problem = (status: number, name: string) => ({ status, type: `https://candor.dev/problems/${name}` });

test('problem types of the invite and media services become outcomes', () => {
  assert.equal(outcomeOfProblem(problem(404, 'link-invalid')), 'invalid');
  assert.equal(outcomeOfProblem(problem(410, 'link-revoked')), 'revoked');
  assert.equal(outcomeOfProblem(problem(410, 'interview-cancelled')), 'cancelled');
  assert.equal(outcomeOfProblem(problem(410, 'interview-ended')), 'ended');
  assert.equal(outcomeOfProblem(problem(403, 'interview-not-open-yet')), 'too-early');
  assert.equal(outcomeOfProblem(problem(403, 'participant-declined')), 'declined');
  assert.equal(outcomeOfProblem(problem(410, 'interview-declined-by-candidate')), 'candidate-declined');
  assert.equal(outcomeOfProblem(problem(409, 'room-full')), 'room-full');
  assert.equal(outcomeOfProblem(problem(409, 'participant-already-connected')), 'already-connected');
  assert.equal(outcomeOfProblem(problem(400, 'recording-consent-required')), 'consent-required');
});

test('refusals without a known type fall back on the status', () => {
  assert.equal(outcomeOfProblem({ status: 404 }), 'invalid');
  assert.equal(outcomeOfProblem({ status: 400, type: 'https://candor.dev/problems/validation' }), 'invalid');
  assert.equal(outcomeOfProblem({ status: 410 }), 'revoked');
  assert.equal(outcomeOfProblem({ status: 429 }), 'rate-limited');
  assert.equal(outcomeOfProblem({ status: 502 }), 'unavailable');
  assert.equal(outcomeOfProblem({ status: 401, type: 'https://candor.dev/problems/unauthorized' }), 'unavailable');
});

test('close codes: ended, declined, elsewhere and withdrawn end the visit; anything else retries', () => {
  assert.equal(outcomeOfClose(4010), 'ended');
  assert.equal(outcomeOfClose(4003), 'declined');
  assert.equal(outcomeOfClose(4009), 'already-connected');
  assert.equal(outcomeOfClose(4011), 'revoked');
  assert.equal(outcomeOfClose(4011, 'link-revoked'), 'revoked');
  assert.equal(outcomeOfClose(4011, 'interview-cancelled'), 'cancelled');
  assert.equal(outcomeOfClose(4011, 'interview-declined-by-candidate'), 'candidate-declined');
  assert.equal(outcomeOfClose(4013), 'room-full');
  for (const code of [1000, 1001, 1006, 1011, 4001, 4008]) assert.equal(outcomeOfClose(code), 'retry');
});

test('only outcomes the person can wait out are not final', () => {
  const notFinal: LiveOutcome[] = ['consent-required', 'rate-limited', 'unavailable', 'too-early'];
  for (const outcome of notFinal) assert.equal(isFinal(outcome), false);
  for (const outcome of ['invalid', 'revoked', 'cancelled', 'ended', 'declined', 'room-full', 'already-connected'] as const) {
    assert.equal(isFinal(outcome), true);
  }
});

test('a candidate who declined is told it was their choice; the interviewers, that the candidate declined', () => {
  assert.equal(isFinal('candidate-declined'), true);
  assert.equal(outcomeText('candidate-declined', 'candidate').title, 'You declined this interview');
  assert.equal(outcomeText('candidate-declined', 'host').title, 'The candidate declined this interview');
  assert.equal(outcomeText('candidate-declined', 'candidate').status, 410);
});

test('the ended page says so in the words the links promise, for both roles', () => {
  assert.equal(outcomeText('ended', 'candidate').title, 'This interview has ended');
  assert.equal(outcomeText('ended', 'host').title, 'This interview has ended');
  assert.match(outcomeText('invalid', 'candidate').title, /interview link/);
  assert.match(outcomeText('invalid', 'host').title, /interviewer link/);
  assert.match(outcomeText('revoked', 'host').hint, /recruiter who scheduled it/);
});
