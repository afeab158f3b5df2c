export * from './service';
export * from './compose';
export * from './config';
export { sessionDecider, loadSession } from './session';
export { sessionsProjection } from './read-models/sessions/projection';
export { invitesPolicy } from './policies/invites-policy';
export * from './analysis';
