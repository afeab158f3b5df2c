export * from './service';
export { deliveryDecider, deliveryStream } from './delivery';
export { deliveriesProjection } from './read-models/deliveries/projection';
export { invitationsPolicy, invitationsPolicyName } from './policies/invitations';
export { invitationEmail } from './templates/invitation';
export {
  createMailboxTransport,
  createSmtpTransport,
  EmailDeliveryError,
  isMailbox,
  type EmailTransport,
  type MailboxTransport,
  type OutgoingEmail,
} from './transport';
