// Sends the invitation email of one delivery: derives the candidate's link (never stored, never
// logged), renders the templates, hands the message to the transport. Never throws: a failure is an
// outcome to record, with a message safe to show the recruiter.
import { candidateLinkPrefix, inviteLinkPurpose } from '@candor/contracts';
import type { LinkTokens, Logger } from '@candor/runtime';
import type { AttemptOutcome, InvitationRequest } from './delivery';
import { invitationEmail } from './templates/invitation';
import { EmailDeliveryError, type EmailTransport } from './transport';

export interface InvitationSender {
  /** `messageKey`: the attempt's (delivery `messageKeyOf`), so a repeat of it is the same message */
  send(request: InvitationRequest, messageKey?: string): Promise<AttemptOutcome>;
}

export function createInvitationSender(deps: {
  transport: EmailTransport;
  linkTokens: LinkTokens;
  publicUrl: string | (() => string);
  logger: Logger;
}): InvitationSender {
  const publicUrl = () =>
    (typeof deps.publicUrl === 'function' ? deps.publicUrl() : deps.publicUrl).replace(/\/+$/, '');
  return {
    async send(request, messageKey) {
      const about = { emailId: request.emailId, inviteId: request.inviteId, linkId: request.linkId };
      try {
        const token = deps.linkTokens.tokenFor(inviteLinkPurpose, request.inviteId, request.linkId);
        const link = `${publicUrl()}${candidateLinkPrefix}${token}`;
        const email = invitationEmail({ ...request, link });
        const { messageId } = await deps.transport.send({
          to: request.to,
          ...email,
          messageKey,
          // RFC 3834: an automatic message, so auto-responders do not answer it
          headers: { 'Auto-Submitted': 'auto-generated' },
          organisationId: request.organisationId,
        });
        return { ok: true, messageId };
      } catch (error) {
        if (error instanceof EmailDeliveryError) {
          deps.logger.warn({ ...about, code: error.code, reason: error.message }, 'invitation email failed');
          return { ok: false, error: error.message };
        }
        // not the transport: a bug or a malformed event; its message could say anything, so it stays in the log
        deps.logger.error({ ...about, err: error }, 'invitation email could not be prepared');
        return { ok: false, error: 'The invitation email could not be prepared.' };
      }
    },
  };
}
