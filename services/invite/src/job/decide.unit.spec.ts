import { inviteEventTypes as types } from '@candor/contracts';
import { ConflictError, NotFoundError } from '@candor/runtime';
import { decide, type JobCommand } from './decide';
import { evolve, initialState, type JobEvent } from './job';

const by = { organisationId: 'org-a', recruiterId: 'rec-1', at: '2026-11-21T10:00:00.000Z' };
const questions = [{ id: 'q1', text: 'Tell us about a hard bug.' }];
const create: JobCommand = {
  type: 'CreateJob',
  jobId: 'job-1',
  title: 'Backend engineer',
  description: '',
  questions,
  ...by,
};

const given = (...commands: JobCommand[]) =>
  commands.reduce(
    (state, command) => decide(command, state).reduce((next, event) => evolve(next, event), state),
    initialState(),
  );

describe('job decider', () => {
  it('creates an active job with its questions', () => {
    const events = decide(create, initialState());
    expect(events).toEqual<JobEvent[]>([
      {
        type: types.JobCreated,
        data: {
          jobId: 'job-1',
          organisationId: 'org-a',
          title: 'Backend engineer',
          description: '',
          questions,
          createdBy: 'rec-1',
          createdAt: by.at,
        },
      },
    ]);
    expect(given(create)).toMatchObject({ status: 'active', title: 'Backend engineer', organisationId: 'org-a' });
  });

  it('refuses to create the same job twice', () => {
    expect(() => decide(create, given(create))).toThrow(ConflictError);
  });

  it('edits title, description and questions, and records nothing when nothing changed', () => {
    const edit: JobCommand = { ...create, type: 'EditJob', title: 'Senior backend engineer' };
    const [edited] = decide(edit, given(create));
    expect(edited).toMatchObject({
      type: types.JobEdited,
      data: { title: 'Senior backend engineer', editedBy: 'rec-1' },
    });
    expect(decide({ ...create, type: 'EditJob' }, given(create))).toEqual([]);
  });

  it('deactivates and reactivates, idempotently', () => {
    const deactivate: JobCommand = { type: 'DeactivateJob', jobId: 'job-1', ...by };
    const activate: JobCommand = { type: 'ActivateJob', jobId: 'job-1', ...by };
    expect(decide(deactivate, given(create)).map((event) => event.type)).toEqual([types.JobDeactivated]);
    expect(given(create, deactivate).status).toBe('inactive');
    expect(decide(deactivate, given(create, deactivate))).toEqual([]);
    expect(decide(activate, given(create))).toEqual([]);
    expect(given(create, deactivate, activate).status).toBe('active');
  });

  it('answers "not found" for a job of another organisation or one that does not exist', () => {
    const foreign = { ...by, organisationId: 'org-b' };
    expect(() => decide({ type: 'DeactivateJob', jobId: 'job-1', ...foreign }, given(create))).toThrow(NotFoundError);
    expect(() => decide({ ...create, type: 'EditJob', ...foreign }, given(create))).toThrow(NotFoundError);
    expect(() => decide({ type: 'ActivateJob', jobId: 'job-1', ...by }, initialState())).toThrow(NotFoundError);
  });
});
