// Signing up founds an organisation and registers its first recruiter. Pure: ids, time and the
// password hash arrive from the caller.
import { identityEventTypes as types } from '@candor/contracts';
import type { OrganisationEvent } from './organisation';

export interface SignUp {
  organisationId: string;
  recruiterId: string;
  organisationName: string;
  name: string;
  email: string;
  passwordHash: string;
  at: string;
}

export function signUp(command: SignUp): OrganisationEvent[] {
  const { organisationId, recruiterId, at } = command;
  return [
    {
      type: types.OrganisationCreated,
      data: { organisationId, name: command.organisationName, createdBy: recruiterId, createdAt: at },
    },
    {
      type: types.RecruiterRegistered,
      data: { recruiterId, organisationId, name: command.name, email: command.email, registeredAt: at },
    },
    { type: types.PasswordSet, data: { recruiterId, passwordHash: command.passwordHash } },
  ];
}

/** Events that never leave the identity service. */
export const internalEventTypes: readonly string[] = [types.PasswordSet, types.RecruiterEmailClaimed];
