export * from './service';
export { jobDecider } from './job';
export { jobsProjection } from './read-models/jobs/projection';
export { inviteDecider, inviteLinkPurpose, inviteStream } from './invite';
export { invitesProjection } from './read-models/invites/projection';
export { liveTemplateDecider, liveTemplateStream } from './live-template';
export { liveTemplatesProjection } from './read-models/live-templates/projection';
export { checkLiveLink, instantOf, liveInterviewDecider, liveInterviewStream } from './live-interview';
export { liveInterviewsProjection } from './read-models/live-interviews/projection';
