// A recruiter adds a colleague to their own organisation. Pure: ids, time and the password hash
// arrive from the caller; the organisation is the caller's (from their session), read from the
// write model so a recruiter can never add someone to another organisation.
import { identityEventTypes as types } from '@candor/contracts';
import { NotFoundError } from '@candor/runtime';
import type { Organisation, OrganisationEvent } from './organisation';

export interface AddColleague {
  recruiterId: string;
  name: string;
  email: string;
  passwordHash: string;
  at: string;
}

export function addColleague(command: AddColleague, organisation: Organisation): OrganisationEvent[] {
  if (organisation.status !== 'active') throw new NotFoundError('Organisation not found.');
  const { recruiterId, name, email, at } = command;
  return [
    {
      type: types.RecruiterRegistered,
      data: { recruiterId, organisationId: organisation.id, name, email, registeredAt: at },
    },
    { type: types.PasswordSet, data: { recruiterId, passwordHash: command.passwordHash } },
  ];
}
