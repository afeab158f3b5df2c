// Organisations and recruiter accounts: events and HTTP bodies of the identity service.
import { z } from 'zod';
import { commandResultSchema } from './envelope';

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be a valid email address' }))
  .transform((value) => value.toLowerCase());

export const identityEvents = {
  OrganisationCreated: z.object({
    organisationId: z.string(),
    name: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  }),
  RecruiterRegistered: z.object({
    recruiterId: z.string(),
    organisationId: z.string(),
    name: z.string(),
    email: z.string(),
    registeredAt: z.string(),
  }),
  /** Internal: claims an email address for one recruiter, so no two accounts share it. */
  RecruiterEmailClaimed: z.object({ recruiterId: z.string(), organisationId: z.string() }),
  /** Internal to the identity service: never published to the bus. */
  PasswordSet: z.object({ recruiterId: z.string(), passwordHash: z.string() }),
} as const;

export const identityEventTypes = {
  OrganisationCreated: 'identity.OrganisationCreated.v1',
  RecruiterRegistered: 'identity.RecruiterRegistered.v1',
  PasswordSet: 'identity.PasswordSet.v1',
  RecruiterEmailClaimed: 'identity.RecruiterEmailClaimed.v1',
} as const;

export const signUpRequest = z.strictObject({
  organisationName: z.string().trim().min(1, 'organisation name is required').max(120),
  name: z.string().trim().min(1, 'your name is required').max(120),
  email,
  password: z.string().min(10, 'password must have at least 10 characters').max(200),
});
export type SignUpRequest = z.infer<typeof signUpRequest>;

/**
 * A recruiter adds a colleague to their own organisation with a first password they pass on
 * (invitation emails with a set-your-password link are not built yet). The colleague logs in with it.
 */
export const addColleagueRequest = z.strictObject({
  name: z.string().trim().min(1, 'a name is required').max(120),
  email,
  password: z.string().min(10, 'password must have at least 10 characters').max(200),
});
export type AddColleagueRequest = z.input<typeof addColleagueRequest>;
export const addColleagueResponse = z.object({ recruiter: z.lazy(() => recruiterView), result: commandResultSchema });
export type AddColleagueResponse = z.infer<typeof addColleagueResponse>;

export const logInRequest = z.strictObject({
  email,
  password: z.string().min(1).max(200),
});
export type LogInRequest = z.infer<typeof logInRequest>;

export const recruiterView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
});
export type RecruiterView = z.infer<typeof recruiterView>;

export const sessionResponse = z.object({
  recruiter: recruiterView,
  /** JWT to send as `Authorization: Bearer` or keep in the session cookie */
  token: z.string(),
  expiresAt: z.string(),
});
export type SessionResponse = z.infer<typeof sessionResponse>;

export const signUpResponse = sessionResponse.extend({ result: commandResultSchema });
export type SignUpResponse = z.infer<typeof signUpResponse>;

/** Claims of the recruiter session JWT, checked by every service. */
export const sessionClaims = z.object({
  sub: z.string(),
  org: z.string(),
  name: z.string(),
  email: z.string(),
  orgName: z.string(),
});
export type SessionClaims = z.infer<typeof sessionClaims>;
