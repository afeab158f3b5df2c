// Commands on a live interview. Pure: the recruiter, the time, the new link ids, the start as a UTC
// instant (converted from the wall clock by the caller, see wall-clock.ts) and the template as it is
// now all arrive in the command. An interview of another organisation answers "not found"; a
// cancelled one, or one the candidate declined, refuses everything with 409. The candidate's
// decline arrives with no recruiter: the link they hold is their authority (checked by the caller).
import { liveEventNames as names, liveLimits, type LiveRole, type Person } from '@candor/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@candor/runtime';
import { uniqueByEmail, type LiveTemplate } from '../live-template';
import { linkIdOf, withLinkId, type LiveInterview, type LiveInterviewEvent } from './live-interview';

interface By {
  organisationId: string;
  recruiterId: string;
  at: string;
}

export type LiveInterviewCommand =
  | ({
      type: 'ScheduleLiveInterview';
      liveInterviewId: string;
      templateId: string;
      /** the template's current state, read from its stream by the caller */
      template: LiveTemplate;
      /** from the recruiter's session */
      organisationName: string;
      recruiter: { name: string; email: string };
      candidate: Person;
      guestInterviewers: Person[];
      /** UTC instant, ISO 8601 */
      startsAt: string;
      timeZone: string;
      candidateLinkId: string;
      hostLinkId: string;
    } & By)
  | ({ type: 'RescheduleLiveInterview'; liveInterviewId: string; startsAt: string; timeZone: string } & By)
  | ({ type: 'CancelLiveInterview'; liveInterviewId: string } & By)
  | ({ type: 'RevokeLiveLink'; liveInterviewId: string; role: LiveRole } & By)
  | ({ type: 'ReissueLiveLink'; liveInterviewId: string; role: LiveRole; linkId: string } & By)
  | {
      type: 'DeclineLiveInterview';
      liveInterviewId: string;
      /** the candidate link presented, checked current by the caller */
      linkId: string;
      note: string;
      at: string;
    };

type Existing = Exclude<LiveInterview, { status: 'none' }>;

/** The interview of this organisation, still scheduled: the only one any later command may change. */
function openInterview(state: LiveInterview, command: By): Existing {
  if (state.status === 'none' || state.interview.organisationId !== command.organisationId)
    throw new NotFoundError('Live interview not found.');
  if (state.status === 'cancelled') throw new ConflictError('This interview was cancelled; schedule a new one.');
  if (state.status === 'declined')
    throw new ConflictError('The candidate declined this interview; schedule a new one if they change their mind.');
  return state;
}

function inTheFuture(startsAt: string, at: string): void {
  if (Date.parse(startsAt) <= Date.parse(at))
    throw new ValidationError('The interview must start in the future.', [
      { path: 'startsAt', message: 'choose a time in the future' },
    ]);
}

export function scheduleLiveInterview(
  command: Extract<LiveInterviewCommand, { type: 'ScheduleLiveInterview' }>,
  state: LiveInterview,
): LiveInterviewEvent[] {
  if (state.status !== 'none') throw new ConflictError('This interview already exists.');
  const { template } = command;
  if (template.status === 'none' || template.organisationId !== command.organisationId)
    throw new ValidationError('That template does not exist.', [
      { path: 'templateId', message: 'choose one of your templates' },
    ]);
  inTheFuture(command.startsAt, command.at);
  const interviewers = uniqueByEmail([...template.defaultInterviewers, ...command.guestInterviewers]);
  if (interviewers.length > liveLimits.interviewers)
    throw new ValidationError(`An interview can have at most ${liveLimits.interviewers} interviewers.`, [
      { path: 'guestInterviewers', message: `at most ${liveLimits.interviewers} interviewers with the template's` },
    ]);
  // the candidate would receive the host link too, and could admit themselves
  const candidateEmail = command.candidate.email.toLowerCase();
  if (interviewers.some((person) => person.email.toLowerCase() === candidateEmail))
    throw new ValidationError('The candidate cannot also be an interviewer.', [
      { path: 'candidateEmail', message: 'this address is one of the interviewers' },
    ]);
  const { liveInterviewId, organisationId, recruiterId, at } = command;
  return [
    {
      type: names.LiveInterviewScheduled,
      data: {
        interview: {
          liveInterviewId,
          organisationId,
          organisationName: command.organisationName,
          templateId: command.templateId,
          templateName: template.name,
          instructions: template.instructions,
          durationMinutes: template.durationMinutes,
          recordable: template.recordable,
          candidate: command.candidate,
          interviewers,
          scheduledBy: { recruiterId, ...command.recruiter },
          startsAt: new Date(command.startsAt).toISOString(),
          timeZone: command.timeZone,
          candidateLinkId: command.candidateLinkId,
          hostLinkId: command.hostLinkId,
          sequence: 0,
        },
        by: recruiterId,
        at,
      },
    },
  ];
}

export function rescheduleLiveInterview(
  command: Extract<LiveInterviewCommand, { type: 'RescheduleLiveInterview' }>,
  state: LiveInterview,
): LiveInterviewEvent[] {
  const { interview } = openInterview(state, command);
  inTheFuture(command.startsAt, command.at);
  const startsAt = new Date(command.startsAt).toISOString();
  if (startsAt === interview.startsAt && command.timeZone === interview.timeZone) return [];
  return [
    {
      type: names.LiveInterviewRescheduled,
      data: {
        interview: { ...interview, startsAt, timeZone: command.timeZone, sequence: interview.sequence + 1 },
        previousStartsAt: interview.startsAt,
        by: command.recruiterId,
        at: command.at,
      },
    },
  ];
}

export function cancelLiveInterview(
  command: Extract<LiveInterviewCommand, { type: 'CancelLiveInterview' }>,
  state: LiveInterview,
): LiveInterviewEvent[] {
  const { interview } = openInterview(state, command);
  return [
    {
      type: names.LiveInterviewCancelled,
      data: { interview: { ...interview, sequence: interview.sequence + 1 }, by: command.recruiterId, at: command.at },
    },
  ];
}

export function revokeLiveLink(
  command: Extract<LiveInterviewCommand, { type: 'RevokeLiveLink' }>,
  state: LiveInterview,
): LiveInterviewEvent[] {
  const { interview } = openInterview(state, command);
  const linkId = linkIdOf(interview, command.role);
  // revoking a revoked link changes nothing
  if (linkId === null) return [];
  return [
    {
      type: names.LiveLinkRevoked,
      data: {
        interview: withLinkId(interview, command.role, null),
        role: command.role,
        linkId,
        by: command.recruiterId,
        at: command.at,
      },
    },
  ];
}

export function reissueLiveLink(
  command: Extract<LiveInterviewCommand, { type: 'ReissueLiveLink' }>,
  state: LiveInterview,
): LiveInterviewEvent[] {
  const { interview } = openInterview(state, command);
  const next = withLinkId(interview, command.role, command.linkId);
  return [
    {
      type: names.LiveLinkReissued,
      data: {
        interview: { ...next, sequence: interview.sequence + 1 },
        role: command.role,
        linkId: command.linkId,
        previousLinkId: linkIdOf(interview, command.role),
        by: command.recruiterId,
        at: command.at,
      },
    },
  ];
}

/**
 * The candidate declines through their current link. Declining twice (a double submit, a reload)
 * changes nothing; a cancelled interview cannot be declined any more.
 */
export function declineLiveInterview(
  command: Extract<LiveInterviewCommand, { type: 'DeclineLiveInterview' }>,
  state: LiveInterview,
): LiveInterviewEvent[] {
  if (state.status === 'none') throw new NotFoundError('Live interview not found.');
  if (state.status === 'declined') return [];
  if (state.status === 'cancelled') throw new ConflictError('This interview was cancelled.');
  if (state.interview.candidateLinkId !== command.linkId) throw new NotFoundError('Live interview not found.');
  const { interview } = state;
  return [
    {
      type: names.LiveInterviewDeclinedByCandidate,
      data: {
        interview: { ...interview, sequence: interview.sequence + 1 },
        note: command.note,
        by: command.linkId,
        at: command.at,
      },
    },
  ];
}

export function decide(command: LiveInterviewCommand, state: LiveInterview): LiveInterviewEvent[] {
  switch (command.type) {
    case 'ScheduleLiveInterview':
      return scheduleLiveInterview(command, state);
    case 'RescheduleLiveInterview':
      return rescheduleLiveInterview(command, state);
    case 'CancelLiveInterview':
      return cancelLiveInterview(command, state);
    case 'RevokeLiveLink':
      return revokeLiveLink(command, state);
    case 'ReissueLiveLink':
      return reissueLiveLink(command, state);
    case 'DeclineLiveInterview':
      return declineLiveInterview(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
}
