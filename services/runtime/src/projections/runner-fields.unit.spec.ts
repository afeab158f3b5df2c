import { appliedVersion, withAppliedVersion, withoutRunnerFields } from './runner-fields';

describe('runner fields', () => {
  test('withoutRunnerFields removes the markers and leaves the rest', () => {
    const stored = { _id: 'job-1', title: 'Engineer', _applied: [{ streamId: 'job-1', version: 3 }] };
    expect(withoutRunnerFields(stored)).toEqual({ _id: 'job-1', title: 'Engineer' });
    expect(stored._applied).toHaveLength(1);
  });

  test('tracks the last applied version per stream', () => {
    let applied = withAppliedVersion(undefined, 'a', 1);
    applied = withAppliedVersion(applied, 'b', 4);
    applied = withAppliedVersion(applied, 'a', 2);
    expect(appliedVersion(applied, 'a')).toBe(2);
    expect(appliedVersion(applied, 'b')).toBe(4);
    expect(appliedVersion(applied, 'c')).toBe(0);
    expect(applied).toHaveLength(2);
  });
});
