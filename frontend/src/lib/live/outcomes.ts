// Why a live link cannot (or can no longer) take someone into the room, from the three places the
// answer comes from: a refused link open (invite service), a refused join (media service) and the
// signalling socket's close code. Each becomes one outcome with one sentence for the person.
//
// The constants mirror contracts/src/{live,media,invite}.ts: the page bundle and node:test cannot
// load the contracts package (zod, TypeScript source), and `satisfies typeof …` makes the type
// check fail the moment a mirrored value drifts from the contract.
import type { LiveRole, linkProblemTypes, liveProblemTypes, signalCloseCodes } from '@candor/contracts';

export const closeCodes = {
  unauthorized: 4001,
  declined: 4003,
  alreadyConnected: 4009,
  ended: 4010,
  linkWithdrawn: 4011,
  helloTimeout: 4008,
  roomFull: 4013,
  /** this connection was replaced by our own newer one (after a dropped network): retried like a drop */
  replaced: 4014,
} as const satisfies typeof signalCloseCodes;

const liveProblems = {
  cancelled: 'interview-cancelled',
  ended: 'interview-ended',
  tooEarly: 'interview-not-open-yet',
  declined: 'participant-declined',
  candidateDeclined: 'interview-declined-by-candidate',
  alreadyConnected: 'participant-already-connected',
  roomFull: 'room-full',
  consentRequired: 'recording-consent-required',
  forbidden: 'action-forbidden',
} as const satisfies typeof liveProblemTypes;

const linkProblems = {
  invalid: 'link-invalid',
  revoked: 'link-revoked',
  expired: 'link-expired',
} as const satisfies typeof linkProblemTypes;

/** Reasons the person is not (or no longer) in the room. */
export type LiveOutcome =
  | 'invalid'
  | 'revoked'
  | 'cancelled'
  | 'ended'
  | 'too-early'
  | 'declined'
  | 'candidate-declined'
  | 'room-full'
  | 'already-connected'
  | 'consent-required'
  | 'rate-limited'
  | 'unavailable';

/** What a problem+json answer (status and type URI) means here. */
export function outcomeOfProblem(problem: { status: number; type?: string | undefined }): LiveOutcome {
  const name = problem.type?.split('/').pop();
  switch (name) {
    case linkProblems.invalid:
      return 'invalid';
    case linkProblems.revoked:
    case linkProblems.expired:
      return 'revoked';
    case liveProblems.cancelled:
      return 'cancelled';
    case liveProblems.ended:
      return 'ended';
    case liveProblems.tooEarly:
      return 'too-early';
    case liveProblems.declined:
      return 'declined';
    case liveProblems.candidateDeclined:
      return 'candidate-declined';
    case liveProblems.roomFull:
      return 'room-full';
    case liveProblems.alreadyConnected:
      return 'already-connected';
    case liveProblems.consentRequired:
      return 'consent-required';
  }
  // an unnamed refusal: a wrong or malformed token says nothing about why; a 410 is withdrawn
  if (problem.status === 404 || problem.status === 400) return 'invalid';
  if (problem.status === 410) return 'revoked';
  if (problem.status === 429) return 'rate-limited';
  return 'unavailable';
}

/**
 * After the socket closed: an outcome that ends the visit, or `retry` (a fresh room token, then
 * connect again). The server puts the problem type in the close reason; where it names one (a
 * cancelled interview closes with the withdrawn-link code) it is the more exact answer.
 */
export function outcomeOfClose(code: number, reason = ''): Exclude<LiveOutcome, 'consent-required'> | 'retry' {
  switch (code) {
    case closeCodes.ended:
      return 'ended';
    case closeCodes.declined:
      return 'declined';
    case closeCodes.alreadyConnected:
      return 'already-connected';
    case closeCodes.linkWithdrawn:
      return reason === liveProblems.cancelled
        ? 'cancelled'
        : reason === liveProblems.candidateDeclined
          ? 'candidate-declined'
          : 'revoked';
    case closeCodes.roomFull:
      return 'room-full';
    default:
      // 4001 (a token that expired on the way), 4008 (hello too late), a restart, a network drop
      return 'retry';
  }
}

/** Outcomes that are final for this page: nothing the person does here changes them. */
export function isFinal(outcome: LiveOutcome): boolean {
  return outcome !== 'consent-required' && outcome !== 'rate-limited' && outcome !== 'unavailable' && outcome !== 'too-early';
}

export interface OutcomeText {
  status: number;
  title: string;
  hint: string;
}

/** The page (or the room's closing screen) for an outcome, worded for the candidate or an interviewer. */
export function outcomeText(outcome: LiveOutcome, role: LiveRole): OutcomeText {
  const contact = role === 'candidate' ? 'the person who invited you' : 'the recruiter who scheduled it';
  const linkName = role === 'candidate' ? 'interview link' : 'interviewer link';
  switch (outcome) {
    case 'invalid':
      return {
        status: 404,
        title: `This ${linkName} is not valid`,
        hint: `Check that you opened the whole link from your invitation. If it still does not work, contact ${contact}.`,
      };
    case 'revoked':
      return {
        status: 410,
        title: `This ${linkName} has been withdrawn`,
        hint: `It no longer opens the interview. If you think this is a mistake, contact ${contact}: they can send you a new link.`,
      };
    case 'cancelled':
      return {
        status: 410,
        title: 'This interview has been cancelled',
        hint: `If you have questions about it, contact ${contact}.`,
      };
    case 'ended':
      return {
        status: 410,
        title: 'This interview has ended',
        hint: role === 'candidate' ? 'Thank you for your time. You can close this page.' : 'Everyone has been disconnected. You can close this page.',
      };
    case 'too-early':
      return {
        status: 425,
        title: 'This interview has not opened yet',
        hint: 'The waiting room opens 15 minutes before the start. Please come back then.',
      };
    case 'declined':
      return {
        status: 403,
        title: 'The interviewer did not let you in',
        hint: `You were not admitted to this interview. If you think this is a mistake, contact ${contact}.`,
      };
    case 'candidate-declined':
      return role === 'candidate'
        ? {
            status: 410,
            title: 'You declined this interview',
            hint: 'The recruiter has been told. If you change your mind, contact the person who invited you: they can schedule a new interview.',
          }
        : {
            status: 410,
            title: 'The candidate declined this interview',
            hint: 'It will not take place. The recruiter who scheduled it can see the candidate’s note, if they left one.',
          };
    case 'room-full':
      return {
        status: 409,
        title: 'This interview room is full',
        hint: 'The room already has as many interviewers as it can hold. Try again when someone has left.',
      };
    case 'already-connected':
      return {
        status: 409,
        title: 'You are already in this interview in another window',
        hint: 'Close the other window or tab, then reload this page.',
      };
    case 'consent-required':
      return {
        status: 400,
        title: 'Please agree to the recording notice first',
        hint: 'This interview may be recorded: tick the box to agree, then continue.',
      };
    case 'rate-limited':
      return { status: 429, title: 'Too many attempts', hint: 'Please wait a minute, then reload this page.' };
    case 'unavailable':
      return {
        status: 503,
        title: 'The interview could not be reached',
        hint: 'Please check your connection and try again in a moment.',
      };
  }
}
