// Commands on a live-interview template. Pure: the recruiter and the time arrive in the command.
// A template of another organisation answers "not found", like one that does not exist.
import { liveEventNames as names } from '@candor/contracts';
import { ConflictError, NotFoundError } from '@candor/runtime';
import { uniqueByEmail, type LiveTemplate, type LiveTemplateEvent, type LiveTemplateFields } from './live-template';

interface By {
  organisationId: string;
  recruiterId: string;
  at: string;
}

export type LiveTemplateCommand =
  | ({ type: 'CreateLiveTemplate'; templateId: string } & LiveTemplateFields & By)
  | ({ type: 'EditLiveTemplate'; templateId: string } & LiveTemplateFields & By);

const fieldsOf = (command: LiveTemplateFields): LiveTemplateFields => ({
  name: command.name,
  durationMinutes: command.durationMinutes,
  instructions: command.instructions,
  recordable: command.recordable,
  defaultInterviewers: uniqueByEmail(command.defaultInterviewers),
});

export function createLiveTemplate(
  command: Extract<LiveTemplateCommand, { type: 'CreateLiveTemplate' }>,
  state: LiveTemplate,
): LiveTemplateEvent[] {
  if (state.status !== 'none') throw new ConflictError('This template already exists.');
  const { templateId, organisationId, recruiterId, at } = command;
  return [
    {
      type: names.LiveTemplateCreated,
      data: { templateId, organisationId, ...fieldsOf(command), by: recruiterId, at },
    },
  ];
}

export function editLiveTemplate(
  command: Extract<LiveTemplateCommand, { type: 'EditLiveTemplate' }>,
  state: LiveTemplate,
): LiveTemplateEvent[] {
  if (state.status === 'none' || state.organisationId !== command.organisationId)
    throw new NotFoundError('Live interview template not found.');
  const fields = fieldsOf(command);
  const unchanged = JSON.stringify(fieldsOf(state)) === JSON.stringify(fields);
  if (unchanged) return [];
  const { templateId, organisationId, recruiterId, at } = command;
  return [{ type: names.LiveTemplateEdited, data: { templateId, organisationId, ...fields, by: recruiterId, at } }];
}

export function decide(command: LiveTemplateCommand, state: LiveTemplate): LiveTemplateEvent[] {
  switch (command.type) {
    case 'CreateLiveTemplate':
      return createLiveTemplate(command, state);
    case 'EditLiveTemplate':
      return editLiveTemplate(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
}
