import { liveEventNames as names } from '@candor/contracts';
import { ConflictError, NotFoundError } from '@candor/runtime';
import { decide, type LiveTemplateCommand } from './decide';
import { evolve, initialState, type LiveTemplateEvent } from './live-template';

const by = { organisationId: 'org-a', recruiterId: 'rec-1', at: '2026-11-21T10:00:00.000Z' };
const create: LiveTemplateCommand = {
  type: 'CreateLiveTemplate',
  templateId: 'tpl-1',
  name: 'Technical interview',
  durationMinutes: 45,
  instructions: 'Have a pen ready.',
  recordable: true,
  defaultInterviewers: [
    { name: 'Bob', email: 'bob@one.test' },
    { name: 'Bobby', email: 'BOB@one.test' },
  ],
  ...by,
};
const edit = (changes: Partial<LiveTemplateCommand> = {}): LiveTemplateCommand =>
  ({ ...create, type: 'EditLiveTemplate', ...changes }) as LiveTemplateCommand;

const given = (...commands: LiveTemplateCommand[]) =>
  commands.reduce((state, command) => decide(command, state).reduce(evolve, state), initialState());

describe('live template decider', () => {
  it('creates a template, with default interviewers unique by email whatever its case', () => {
    expect(decide(create, initialState())).toEqual<LiveTemplateEvent[]>([
      {
        type: names.LiveTemplateCreated,
        data: {
          templateId: 'tpl-1',
          organisationId: 'org-a',
          name: 'Technical interview',
          durationMinutes: 45,
          instructions: 'Have a pen ready.',
          recordable: true,
          defaultInterviewers: [{ name: 'Bob', email: 'bob@one.test' }],
          by: 'rec-1',
          at: by.at,
        },
      },
    ]);
    expect(given(create)).toMatchObject({ status: 'active', id: 'tpl-1', organisationId: 'org-a', recordable: true });
  });

  it('refuses to create the same template twice', () => {
    expect(() => decide(create, given(create))).toThrow(ConflictError);
  });

  it('edits every field, and records nothing when nothing changed', () => {
    const [edited] = decide(edit({ durationMinutes: 60, recordable: false }), given(create));
    expect(edited).toMatchObject({ type: names.LiveTemplateEdited, data: { durationMinutes: 60, recordable: false } });
    expect(given(create, edit({ durationMinutes: 60, recordable: false }))).toMatchObject({
      durationMinutes: 60,
      recordable: false,
      name: 'Technical interview',
    });
    expect(decide(edit(), given(create))).toEqual([]);
  });

  it('answers "not found" for a template of another organisation or one that does not exist', () => {
    expect(() => decide(edit({ organisationId: 'org-b' }), given(create))).toThrow(NotFoundError);
    expect(() => decide(edit(), initialState())).toThrow(NotFoundError);
  });
});
