// The organisation aggregate: its name and its recruiters (with their password hashes, which stay
// inside this service). Stream: `organisation-<organisationId>`.
import { identityEventTypes as types } from '@candor/contracts';

export type OrganisationEvent =
  | {
      type: typeof types.OrganisationCreated;
      data: { organisationId: string; name: string; createdBy: string; createdAt: string };
    }
  | {
      type: typeof types.RecruiterRegistered;
      data: { recruiterId: string; organisationId: string; name: string; email: string; registeredAt: string };
    }
  | { type: typeof types.PasswordSet; data: { recruiterId: string; passwordHash: string } };

export interface Recruiter {
  id: string;
  name: string;
  email: string;
  passwordHash?: string;
}

export type Organisation =
  { status: 'none' } | { status: 'active'; id: string; name: string; recruiters: Record<string, Recruiter> };

export const initialState = (): Organisation => ({ status: 'none' });

export function evolve(state: Organisation, event: OrganisationEvent): Organisation {
  switch (event.type) {
    case types.OrganisationCreated:
      return { status: 'active', id: event.data.organisationId, name: event.data.name, recruiters: {} };
    case types.RecruiterRegistered: {
      if (state.status !== 'active') return state;
      const { recruiterId: id, name, email } = event.data;
      return { ...state, recruiters: { ...state.recruiters, [id]: { id, name, email } } };
    }
    case types.PasswordSet: {
      if (state.status !== 'active') return state;
      const recruiter = state.recruiters[event.data.recruiterId];
      if (!recruiter) return state;
      const updated = { ...recruiter, passwordHash: event.data.passwordHash };
      return { ...state, recruiters: { ...state.recruiters, [recruiter.id]: updated } };
    }
  }
}

export const organisationStream = (organisationId: string) => `organisation-${organisationId}`;
