export * from './service';
export { jobDecider } from './job';
export { jobsProjection } from './read-models/jobs/projection';
export { inviteDecider, inviteLinkPurpose, inviteStream } from './invite';
export { invitesProjection } from './read-models/invites/projection';
export { defaultLinkRateLimits, type LinkRateLimits } from './link-routes';
