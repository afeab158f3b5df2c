// The live-interview template aggregate: what every interview scheduled on it shares (name, duration,
// instructions for the candidate, whether it may be recorded, default interviewers). Owned by one
// organisation. Stream: `live-template-<templateId>`. Interviews copy what they need when scheduled,
// so editing a template later does not change interviews already scheduled (or their emails).
import type { z } from 'zod';
import { liveEventNames as names, type liveEventSchemas, type Person } from '@candor/contracts';

type Data<K extends keyof typeof liveEventSchemas> = z.infer<(typeof liveEventSchemas)[K]>;

export type LiveTemplateEvent =
  | { type: typeof names.LiveTemplateCreated; data: Data<'LiveTemplateCreated'> }
  | { type: typeof names.LiveTemplateEdited; data: Data<'LiveTemplateEdited'> };

export interface LiveTemplateFields {
  name: string;
  durationMinutes: number;
  instructions: string;
  recordable: boolean;
  defaultInterviewers: Person[];
}

export type LiveTemplate =
  { status: 'none' } | ({ status: 'active'; id: string; organisationId: string } & LiveTemplateFields);

export const initialState = (): LiveTemplate => ({ status: 'none' });

export function evolve(state: LiveTemplate, event: LiveTemplateEvent): LiveTemplate {
  const { templateId, organisationId, name, durationMinutes, instructions, recordable, defaultInterviewers } =
    event.data;
  switch (event.type) {
    case names.LiveTemplateCreated:
      return {
        status: 'active',
        id: templateId,
        organisationId,
        name,
        durationMinutes,
        instructions,
        recordable,
        defaultInterviewers,
      };
    case names.LiveTemplateEdited:
      return state.status === 'none'
        ? state
        : { ...state, name, durationMinutes, instructions, recordable, defaultInterviewers };
  }
}

export const liveTemplateStream = (templateId: string) => `live-template-${templateId}`;

/**
 * People without repeats: one email address is one person, whatever its case (the first spelling
 * wins), so nobody gets the same interviewer link twice.
 */
export function uniqueByEmail(people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((person) => {
    const key = person.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
