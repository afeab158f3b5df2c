// Client of the invite service: jobs and their questions (more of invites to come).
import {
  apiPaths,
  commandResultSchema,
  jobListResponse,
  jobResponse,
  type CommandResult,
  type CreateJobRequest,
  type EditJobRequest,
  type JobListResponse,
  type JobResponse,
  type JobStatus,
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
  return callService('invite', jobResponse, { path: apiPaths.invite.job(jobId), query: { waitFor: options.waitFor }, token });
}

export function createJob(token: string, request: CreateJobRequest): Promise<CommandResult> {
  return callService('invite', commandResultSchema, { method: 'POST', path: apiPaths.invite.jobs, body: request, token });
}

export function editJob(token: string, jobId: string, request: EditJobRequest): Promise<CommandResult> {
  return callService('invite', commandResultSchema, { method: 'PUT', path: apiPaths.invite.job(jobId), body: request, token });
}

export function activateJob(token: string, jobId: string): Promise<CommandResult> {
  return callService('invite', commandResultSchema, { method: 'POST', path: apiPaths.invite.activateJob(jobId), token });
}

export function deactivateJob(token: string, jobId: string): Promise<CommandResult> {
  return callService('invite', commandResultSchema, { method: 'POST', path: apiPaths.invite.deactivateJob(jobId), token });
}
