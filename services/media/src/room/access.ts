// Who may enter a room and who may act in it, decided against the room's write model. The same
// answers serve the join endpoint (as problem+json), the signalling socket (as close codes) and
// the host commands, so a refusal reads the same wherever it happens.
import {
  recordingOffProblemType,
  linkProblemTypes,
  liveProblemTypes,
  signalCloseCodes,
  waitingRoomOpensMinutesBefore,
  type LiveRole,
  type RoomGrants,
} from '@candor/contracts';
import { CandorError, ConflictError, GoneError, NotFoundError, ValidationError } from '@candor/runtime';
import type { PreparedRoom, Room } from './room';

/** Who is acting: the verified claims of a room token (or of a live token, for HTTP host commands). */
export interface RoomActor {
  participantId: string;
  name: string;
  organisationId: string;
  role: LiveRole;
  /** the link the token was minted through */
  linkId: string;
  grants: RoomGrants;
}

export type Grant = keyof RoomGrants;

export const refusals = {
  notFound: () => new NotFoundError('This interview room does not exist.'),
  cancelled: () => new GoneError('This interview was cancelled.', liveProblemTypes.cancelled),
  candidateDeclined: () => new GoneError('The candidate declined this interview.', liveProblemTypes.candidateDeclined),
  /** a cancelled room's refusal, saying why: the recruiter cancelled, or the candidate declined */
  cancelledRoom: (room: { cancelledBecause: 'cancelled' | 'candidate-declined' | null }) =>
    room.cancelledBecause === 'candidate-declined' ? refusals.candidateDeclined() : refusals.cancelled(),
  ended: () => new GoneError('This interview has ended.', liveProblemTypes.ended),
  linkRevoked: () =>
    new GoneError('This interview link was withdrawn; ask the recruiter for a new one.', linkProblemTypes.revoked),
  declined: () =>
    new CandorError(
      403,
      'Forbidden',
      'The interviewer did not admit you to this interview.',
      undefined,
      liveProblemTypes.declined,
    ),
  forbidden: (action: string) =>
    new CandorError(
      403,
      'Forbidden',
      `You may not ${action} in this interview.`,
      undefined,
      liveProblemTypes.forbidden,
    ),
  tooEarly: (startsAt: string) =>
    new CandorError(
      409,
      'Not open yet',
      `The interview starts at ${startsAt}; the waiting room opens ${waitingRoomOpensMinutesBefore} minutes before.`,
      undefined,
      liveProblemTypes.tooEarly,
    ),
  consentRequired: () =>
    new CandorError(
      400,
      'Recording consent required',
      'This interview may be recorded: agree to the recording notice to enter the waiting room.',
      undefined,
      liveProblemTypes.consentRequired,
    ),
  nameRequired: () =>
    new ValidationError('Interviewers enter their name to join.', [
      { path: 'body.displayName', message: 'enter your name' },
    ]),
  roomFull: (hosts: number) =>
    new CandorError(
      409,
      'Room full',
      `This room already has ${hosts} interviewers.`,
      undefined,
      liveProblemTypes.roomFull,
    ),
  alreadyConnected: () =>
    new CandorError(
      409,
      'Already connected',
      'This participant is already connected from another window.',
      undefined,
      liveProblemTypes.alreadyConnected,
    ),
  conflict: (detail: string) => new ConflictError(detail),
  recordingOff: () =>
    new CandorError(
      409,
      'Not recording',
      "This room's recording is off: nothing may be sent to a recorder.",
      undefined,
      recordingOffProblemType,
    ),
};

/**
 * The room a recorder may be fed from now: open, and its recording on. (Starting the recording already
 * required a template that allows it and the candidate's consent: see decide.ts.)
 */
export function recordingRoom(state: Room): PreparedRoom {
  if (state.status === 'none') throw refusals.notFound();
  if (state.cancelledAt) throw refusals.cancelledRoom(state);
  if (state.endedAt) throw refusals.ended();
  if (!state.recording) throw refusals.recordingOff();
  return state;
}

export const currentLinkId = (room: PreparedRoom, role: LiveRole): string | null =>
  role === 'candidate' ? room.candidateLinkId : room.hostLinkId;

/**
 * The room a token of this role and link may be in now, or the refusal. Not the waiting-room
 * opening time: that applies to joining only (a candidate connected a minute early stays).
 */
export function enterableRoom(
  state: Room,
  access: { organisationId: string; role: LiveRole; linkId: string },
): PreparedRoom {
  if (state.status === 'none' || state.organisationId !== access.organisationId) throw refusals.notFound();
  if (state.cancelledAt) throw refusals.cancelledRoom(state);
  if (state.endedAt) throw refusals.ended();
  if (currentLinkId(state, access.role) !== access.linkId) throw refusals.linkRevoked();
  if (access.role === 'candidate' && state.declinedAt) throw refusals.declined();
  return state;
}

/** When the candidate may enter the waiting room. */
export const waitingRoomOpensAt = (room: PreparedRoom): Date =>
  new Date(Date.parse(room.startsAt) - waitingRoomOpensMinutesBefore * 60_000);

const grantActions: Record<Grant, string> = {
  publish: 'publish media',
  subscribe: 'receive media',
  admit: 'admit or decline participants',
  record: 'start or stop recording',
  mute: 'mute participants',
  end: 'end the interview',
};

/** The grant check alone (pure, cheap): done before anything is read, so a refusal costs nothing. */
export function requireGrant(actor: Pick<RoomActor, 'grants'>, grant: Grant): void {
  if (!actor.grants[grant]) throw refusals.forbidden(grantActions[grant]);
}

/** A host action now: the grant, a room still open, and the actor's link still the current one. */
export function hostActionRoom(state: Room, actor: RoomActor, grant: Grant): PreparedRoom {
  requireGrant(actor, grant);
  return enterableRoom(state, actor);
}

/** Close code and reason (the problem type) a socket is closed with for a refusal. */
export function closeFor(error: unknown): { code: number; reason: string } {
  const type = error instanceof CandorError ? error.type : undefined;
  switch (type) {
    case liveProblemTypes.ended:
      return { code: signalCloseCodes.ended, reason: type };
    case liveProblemTypes.cancelled:
    case liveProblemTypes.candidateDeclined:
    case linkProblemTypes.revoked:
      return { code: signalCloseCodes.linkWithdrawn, reason: type };
    case liveProblemTypes.declined:
      return { code: signalCloseCodes.declined, reason: type };
    case liveProblemTypes.alreadyConnected:
      return { code: signalCloseCodes.alreadyConnected, reason: type };
    case liveProblemTypes.roomFull:
      return { code: signalCloseCodes.roomFull, reason: type };
    default:
      return { code: signalCloseCodes.unauthorized, reason: 'unauthorized' };
  }
}
