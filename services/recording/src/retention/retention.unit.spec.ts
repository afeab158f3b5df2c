// The retention decider: 180 days until an organisation chooses, whole days within the limits, and
// a recording's deletion date is its end plus the retention in force.
import { defaultRetentionDays, retentionEventNames } from '@candor/contracts';
import { ValidationError } from '@candor/runtime';
import { deleteAfter, retentionDecider } from './retention';

const set = (days: number) => ({
  type: 'SetRetention' as const,
  organisationId: 'org-a',
  days,
  by: 'rec-1',
  at: '2026-11-01T10:00:00.000Z',
});

it('is 180 days by default', () => {
  expect(retentionDecider.initialState()).toEqual({ days: defaultRetentionDays, isDefault: true });
});

it('records a chosen period, and nothing when it is already the one in force', () => {
  const events = retentionDecider.decide(set(30), retentionDecider.initialState());
  expect(events).toEqual([
    {
      type: retentionEventNames.RetentionSet,
      data: { organisationId: 'org-a', days: 30, by: 'rec-1', at: '2026-11-01T10:00:00.000Z' },
    },
  ]);
  const state = retentionDecider.evolve(retentionDecider.initialState(), events[0]!);
  expect(state).toEqual({ days: 30, isDefault: false });
  expect(retentionDecider.decide(set(30), state)).toEqual([]);
});

it('records the default explicitly when chosen', () => {
  expect(retentionDecider.decide(set(180), retentionDecider.initialState())).toHaveLength(1);
});

it.each([0, -1, 3651, 2.5, Number.NaN])('refuses %p days', (days) => {
  expect(() => retentionDecider.decide(set(days), retentionDecider.initialState())).toThrow(ValidationError);
});

it('dates a deletion at the end plus the retention', () => {
  expect(deleteAfter('2026-11-01T10:00:00.000Z', { days: 30 })).toBe('2026-12-01T10:00:00.000Z');
});
