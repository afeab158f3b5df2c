// Which live interview email a recipient gets, from the kind of change and their role.
import type { RenderedEmail } from './invitation';
import { cancelledEmail } from './live-cancelled';
import { declinedEmail } from './live-declined';
import { candidateInvitationEmail } from './live-candidate';
import { interviewerInvitationEmail } from './live-interviewer';
import type { LiveEmailInput } from './live-parts';
import { rescheduledEmail } from './live-rescheduled';

export type { LiveEmailInput } from './live-parts';

export function liveEmail(input: LiveEmailInput, to: string): RenderedEmail {
  switch (input.kind) {
    case 'scheduled':
    case 'link-reissued': {
      const { link } = input;
      // the policy sends these only with a link; without one there is nothing to invite with
      if (!link) throw new Error(`a ${input.kind} email needs the recipient's link`);
      return input.role === 'candidate'
        ? candidateInvitationEmail({ ...input, link })
        : interviewerInvitationEmail({ ...input, link }, to);
    }
    case 'rescheduled':
      return rescheduledEmail(input);
    case 'cancelled':
      return cancelledEmail({ ...input, link: null });
    case 'declined':
      return declinedEmail({ ...input, link: null });
    default: {
      const _exhaustive: never = input.kind;
      throw new Error(`unknown live email kind ${String(_exhaustive)}`);
    }
  }
}
