// One stream per email address (`recruiter-email-<sha256(email)>`) whose single event names the
// recruiter who owns it. Appending it with "must not exist" makes email addresses unique without a
// read model, and lets log-in find the recruiter from the write model.
import { createHash } from 'node:crypto';
import { identityEventTypes as types } from '@candor/contracts';

export const emailClaimStream = (email: string) =>
  `recruiter-email-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;

export interface EmailClaim {
  recruiterId: string;
  organisationId: string;
}

export function claimOf(events: { type: string; data: unknown }[]): EmailClaim | null {
  const claimed = events.find((event) => event.type === types.RecruiterEmailClaimed);
  return claimed ? (claimed.data as EmailClaim) : null;
}

export function claimEmail(claim: EmailClaim) {
  return { type: types.RecruiterEmailClaimed, data: claim };
}
