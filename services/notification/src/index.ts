export * from './service';
export * from './compose';
export { deliveryDecider, deliveryStream } from './delivery';
export { deliveriesProjection } from './read-models/deliveries/projection';
export { invitationsPolicy, invitationsPolicyName } from './policies/invitations';
export { liveInterviewsPolicy, liveInterviewsPolicyName } from './policies/live-interviews';
export { interviewCalendar, calendarUid } from './calendar/interview-calendar';
export { invitationEmail } from './templates/invitation';
export { liveEmail } from './templates/live-email';
export {
  createMailboxTransport,
  createSmtpTransport,
  EmailDeliveryError,
  type CalendarInvite,
  isMailbox,
  type EmailTransport,
  type MailboxTransport,
  type OutgoingEmail,
} from './transport';
