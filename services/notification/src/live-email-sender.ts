// Sends one live interview email: derives the recipient's own link (the candidate link for the
// candidate, the host link for interviewers; never stored, never logged), renders the email and its
// .ics, hands both to the transport. Never throws: a failure is an outcome to record, with a message
// safe to show the recruiter.
import { liveLinkPrefixes, liveLinkPurposes } from '@candor/contracts';
import type { LinkTokens, Logger } from '@candor/runtime';
import { interviewCalendar } from './calendar/interview-calendar';
import type { AttemptOutcome, LiveEmailRequest } from './delivery';
import { liveEmail } from './templates/live-email';
import { EmailDeliveryError, type EmailTransport } from './transport';

export interface LiveEmailSender {
  /** `messageKey`: the attempt's (delivery `messageKeyOf`), so a repeat of it is the same message */
  send(request: LiveEmailRequest, messageKey?: string): Promise<AttemptOutcome>;
}

export function createLiveEmailSender(deps: {
  transport: EmailTransport;
  linkTokens: LinkTokens;
  publicUrl: string | (() => string);
  logger: Logger;
}): LiveEmailSender {
  const publicUrl = () =>
    (typeof deps.publicUrl === 'function' ? deps.publicUrl() : deps.publicUrl).replace(/\/+$/, '');

  /** The recipient's link, or null when the email carries none (a cancellation, a withdrawn link). */
  const linkOf = (request: LiveEmailRequest): string | null => {
    if (request.kind === 'cancelled' || request.kind === 'declined' || !request.linkId) return null;
    const { role, interview } = request;
    const token = deps.linkTokens.tokenFor(liveLinkPurposes[role], interview.liveInterviewId, request.linkId);
    return `${publicUrl()}${liveLinkPrefixes[role]}${token}`;
  };

  return {
    async send(request, messageKey) {
      const about = {
        emailId: request.emailId,
        liveInterviewId: request.inviteId,
        kind: request.kind,
        role: request.role,
        linkId: request.linkId,
      };
      try {
        const link = linkOf(request);
        const email = liveEmail({ ...request, link }, request.to);
        const calendar = interviewCalendar({
          method: request.kind === 'cancelled' || request.kind === 'declined' ? 'CANCEL' : 'REQUEST',
          interview: request.interview,
          recipient: { name: request.recipientName, email: request.to, role: request.role },
          link,
          stamp: request.changedAt,
        });
        const { messageId } = await deps.transport.send({
          to: request.to,
          ...email,
          calendar,
          messageKey,
          // RFC 3834: an automatic message, so auto-responders do not answer it
          headers: { 'Auto-Submitted': 'auto-generated' },
          organisationId: request.organisationId,
        });
        return { ok: true, messageId };
      } catch (error) {
        if (error instanceof EmailDeliveryError) {
          deps.logger.warn({ ...about, code: error.code, reason: error.message }, 'live interview email failed');
          return { ok: false, error: error.message };
        }
        // not the transport: a bug or a malformed event; its message could say anything, so it stays in the log
        deps.logger.error({ ...about, err: error }, 'live interview email could not be prepared');
        return { ok: false, error: 'The live interview email could not be prepared.' };
      }
    },
  };
}
