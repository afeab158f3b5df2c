// Commands on an invite. Pure: the recruiter, the time, the new link id and the job as it is now
// arrive in the command. An invite or job of another organisation answers "not found".
import { inviteEventNames as names } from '@candor/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@candor/runtime';
import type { Job } from '../job';
import type { Invite, InviteEvent } from './invite';

interface By {
  organisationId: string;
  recruiterId: string;
  at: string;
}

export type InviteCommand =
  | ({
      type: 'InviteCandidate';
      inviteId: string;
      /** the job's current state, read from its stream by the caller */
      job: Job;
      jobId: string;
      candidateName: string;
      candidateEmail: string;
      expiresAt: string | null;
      linkId: string;
    } & By)
  | ({ type: 'RevokeLink'; inviteId: string } & By)
  | ({ type: 'ReissueLink'; inviteId: string; linkId: string } & By)
  | ({ type: 'SetExpiry'; inviteId: string; expiresAt: string | null } & By);

type ExistingInvite = Exclude<Invite, { status: 'none' }>;

function ownInvite(state: Invite, command: By): ExistingInvite {
  if (state.status === 'none' || state.organisationId !== command.organisationId)
    throw new NotFoundError('Invite not found.');
  return state;
}

function futureOrNull(expiresAt: string | null, at: string): string | null {
  if (expiresAt === null) return null;
  if (Date.parse(expiresAt) <= Date.parse(at)) {
    throw new ValidationError('The expiry must be in the future.', [
      { path: 'expiresAt', message: 'choose a time in the future' },
    ]);
  }
  return new Date(expiresAt).toISOString();
}

export function inviteCandidate(
  command: Extract<InviteCommand, { type: 'InviteCandidate' }>,
  state: Invite,
): InviteEvent[] {
  if (state.status !== 'none') throw new ConflictError('This invite already exists.');
  const { job } = command;
  if (job.status === 'none' || job.organisationId !== command.organisationId) {
    throw new ValidationError('That job does not exist.', [{ path: 'jobId', message: 'choose one of your jobs' }]);
  }
  if (job.status !== 'active') {
    throw new ValidationError('That job is inactive; activate it before inviting candidates.', [
      { path: 'jobId', message: 'this job is inactive' },
    ]);
  }
  return [
    {
      type: names.CandidateInvited,
      data: {
        inviteId: command.inviteId,
        organisationId: command.organisationId,
        jobId: command.jobId,
        jobTitle: job.title,
        jobDescription: job.description,
        questions: job.questions,
        candidateName: command.candidateName,
        candidateEmail: command.candidateEmail,
        linkId: command.linkId,
        expiresAt: futureOrNull(command.expiresAt, command.at),
        invitedBy: command.recruiterId,
        invitedAt: command.at,
      },
    },
  ];
}

export function revokeLink(command: Extract<InviteCommand, { type: 'RevokeLink' }>, state: Invite): InviteEvent[] {
  const invite = ownInvite(state, command);
  // revoking a revoked link changes nothing
  if (invite.linkId === null) return [];
  const { inviteId, organisationId, recruiterId, at } = command;
  return [
    { type: names.InviteLinkRevoked, data: { inviteId, organisationId, linkId: invite.linkId, by: recruiterId, at } },
  ];
}

export function reissueLink(command: Extract<InviteCommand, { type: 'ReissueLink' }>, state: Invite): InviteEvent[] {
  const invite = ownInvite(state, command);
  const { inviteId, organisationId, recruiterId, at, linkId } = command;
  // a new link for an expired one would be born expired: the re-issued link starts without an expiry
  const expired = invite.expiresAt !== null && Date.parse(invite.expiresAt) <= Date.parse(at);
  return [
    {
      type: names.InviteLinkReissued,
      data: {
        inviteId,
        organisationId,
        linkId,
        previousLinkId: invite.linkId ?? invite.retiredLinkIds.at(-1) ?? '',
        jobTitle: invite.jobTitle,
        candidateName: invite.candidateName,
        candidateEmail: invite.candidateEmail,
        expiresAt: expired ? null : invite.expiresAt,
        by: recruiterId,
        at,
      },
    },
  ];
}

export function setExpiry(command: Extract<InviteCommand, { type: 'SetExpiry' }>, state: Invite): InviteEvent[] {
  const invite = ownInvite(state, command);
  const expiresAt = futureOrNull(command.expiresAt, command.at);
  if (expiresAt === invite.expiresAt) return [];
  const { inviteId, organisationId, recruiterId, at } = command;
  return [{ type: names.InviteExpirySet, data: { inviteId, organisationId, expiresAt, by: recruiterId, at } }];
}

export function decide(command: InviteCommand, state: Invite): InviteEvent[] {
  switch (command.type) {
    case 'InviteCandidate':
      return inviteCandidate(command, state);
    case 'RevokeLink':
      return revokeLink(command, state);
    case 'ReissueLink':
      return reissueLink(command, state);
    case 'SetExpiry':
      return setExpiry(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}
