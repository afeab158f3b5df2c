// Client of the invite service: jobs and their questions, invites and their candidate links (which
// the candidate pages open at the session service, see session-service.ts).
import {
  apiPaths,
  commandResultSchema,
  createInviteResponse,
  inviteLink,
  inviteResponse,
  jobListResponse,
  jobResponse,
  type CommandResult,
  type CreateInviteRequest,
  type CreateInviteResponse,
  type CreateJobRequest,
  type EditJobRequest,
  type InviteLink,
  type InviteResponse,
  type JobListResponse,
  type JobResponse,
  type JobStatus,
  type SetInviteExpiryRequest,
} from '@candor/contracts';
import { callService } from './http';

/** Reads may wait (bounded) for a write: pass the `waitFor` of the command that made it. */
export interface ReadOptions {
  waitFor?: string;
}

export function listJobs(token: string, options: ReadOptions & { status?: JobStatus } = {}): Promise<JobListResponse> {
  return callService('invite', jobListResponse, {
    path: apiPaths.invite.jobs,
    query: { status: options.status, waitFor: options.waitFor },
    token,
  });
}

export function getJob(token: string, jobId: string, options: ReadOptions = {}): Promise<JobResponse> {
  return callService('invite', jobResponse, {
    path: apiPaths.invite.job(jobId),
    query: { waitFor: options.waitFor },
    token,
  });
}

export function createJob(token: string, request: CreateJobRequest): Promise<CommandResult> {
  return callService('invite', commandResultSchema, {
    method: 'POST',
    path: apiPaths.invite.jobs,
    body: request,
    token,
  });
}

export function editJob(token: string, jobId: string, request: EditJobRequest): Promise<CommandResult> {
  return callService('invite', commandResultSchema, {
    method: 'PUT',
    path: apiPaths.invite.job(jobId),
    body: request,
    token,
  });
}

export function activateJob(token: string, jobId: string): Promise<CommandResult> {
  return callService('invite', commandResultSchema, {
    method: 'POST',
    path: apiPaths.invite.activateJob(jobId),
    token,
  });
}

export function deactivateJob(token: string, jobId: string): Promise<CommandResult> {
  return callService('invite', commandResultSchema, {
    method: 'POST',
    path: apiPaths.invite.deactivateJob(jobId),
    token,
  });
}

export function createInvite(token: string, request: CreateInviteRequest): Promise<CreateInviteResponse> {
  return callService('invite', createInviteResponse, {
    method: 'POST',
    path: apiPaths.invite.invites,
    body: request,
    token,
  });
}

export function getInvite(token: string, inviteId: string, options: ReadOptions = {}): Promise<InviteResponse> {
  return callService('invite', inviteResponse, {
    path: apiPaths.invite.invite(inviteId),
    query: { waitFor: options.waitFor },
    token,
  });
}

/** The invite's current candidate link (`/i/<token>`), derived again on each call: show it, never store it. */
export function getInviteLink(token: string, inviteId: string): Promise<InviteLink> {
  return callService('invite', inviteLink, { path: apiPaths.invite.inviteLink(inviteId), token });
}

export function revokeInvite(token: string, inviteId: string): Promise<CommandResult> {
  return callService('invite', commandResultSchema, {
    method: 'POST',
    path: apiPaths.invite.revokeInvite(inviteId),
    token,
  });
}

/** A new link for the invite; the previous one stops working. */
export function reissueInvite(token: string, inviteId: string): Promise<CreateInviteResponse> {
  return callService('invite', createInviteResponse, {
    method: 'POST',
    path: apiPaths.invite.reissueInvite(inviteId),
    token,
  });
}

export function setInviteExpiry(
  token: string,
  inviteId: string,
  request: SetInviteExpiryRequest,
): Promise<CommandResult> {
  return callService('invite', commandResultSchema, {
    method: 'PUT',
    path: apiPaths.invite.inviteExpiry(inviteId),
    body: request,
    token,
  });
}
