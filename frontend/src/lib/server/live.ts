// Client of the live interview endpoints: the invite service's templates, scheduled interviews and
// their two links, and the media service's list of rooms (the live status of each interview). The
// links come back as paths with the token in them: show them, never store or log them.
import {
  apiPaths,
  commandResultSchema,
  liveInterviewListResponse,
  liveInterviewResponse,
  liveLinksResponse,
  liveTemplateListResponse,
  liveTemplateResponse,
  roomListResponse,
  scheduleLiveInterviewResponse,
  type CommandResult,
  type CreateLiveTemplateRequest,
  type LiveRole,
  type RescheduleLiveInterviewRequest,
  type RoomView,
  type ScheduleLiveInterviewRequest,
  type ScheduleLiveInterviewResponse,
} from '@candor/contracts';
import { ApiError, callService } from './http';
import type { ReadOptions } from './invite';

type Schema<T> = { parse(value: unknown): T };
type ListTemplates = ReturnType<typeof liveTemplateListResponse.parse>;
type TemplateResponse = ReturnType<typeof liveTemplateResponse.parse>;
type ListInterviews = ReturnType<typeof liveInterviewListResponse.parse>;
type InterviewResponse = ReturnType<typeof liveInterviewResponse.parse>;
type LinksResponse = ReturnType<typeof liveLinksResponse.parse>;

function command<T>(
  schema: Schema<T>,
  token: string,
  path: string,
  body?: unknown,
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  return callService('invite', schema, { method, path, body, token });
}

export function listLiveTemplates(token: string, options: ReadOptions = {}): Promise<ListTemplates> {
  return callService('invite', liveTemplateListResponse, {
    path: apiPaths.invite.liveTemplates,
    query: { waitFor: options.waitFor },
    token,
  });
}

export function getLiveTemplate(
  token: string,
  templateId: string,
  options: ReadOptions = {},
): Promise<TemplateResponse> {
  return callService('invite', liveTemplateResponse, {
    path: apiPaths.invite.liveTemplate(templateId),
    query: { waitFor: options.waitFor },
    token,
  });
}

/** `id` of the answer is the new template's id. */
export function createLiveTemplate(token: string, request: CreateLiveTemplateRequest): Promise<CommandResult> {
  return command(commandResultSchema, token, apiPaths.invite.liveTemplates, request);
}

export function editLiveTemplate(
  token: string,
  templateId: string,
  request: CreateLiveTemplateRequest,
): Promise<CommandResult> {
  return command(commandResultSchema, token, apiPaths.invite.liveTemplate(templateId), request, 'PUT');
}

export function listLiveInterviews(
  token: string,
  options: ReadOptions & { templateId?: string } = {},
): Promise<ListInterviews> {
  return callService('invite', liveInterviewListResponse, {
    path: apiPaths.invite.liveInterviews,
    query: { templateId: options.templateId, waitFor: options.waitFor },
    token,
  });
}

export function getLiveInterview(
  token: string,
  interviewId: string,
  options: ReadOptions = {},
): Promise<InterviewResponse> {
  return callService('invite', liveInterviewResponse, {
    path: apiPaths.invite.liveInterview(interviewId),
    query: { waitFor: options.waitFor },
    token,
  });
}

/** The answer carries both new links (as paths); they are shown once and not kept. */
/** `requestKey`: the form submission's idempotency key, so a double submit schedules once */
export function scheduleLiveInterview(
  token: string,
  request: ScheduleLiveInterviewRequest,
  requestKey?: string,
): Promise<ScheduleLiveInterviewResponse> {
  return callService('invite', scheduleLiveInterviewResponse, {
    method: 'POST',
    path: apiPaths.invite.liveInterviews,
    body: request,
    token,
    headers: requestKey ? { 'Idempotency-Key': requestKey } : undefined,
  });
}

/** Both links as paths on the Candor origin, derived again on each call; null while revoked. */
export function getLiveLinks(token: string, interviewId: string): Promise<LinksResponse> {
  return callService('invite', liveLinksResponse, { path: apiPaths.invite.liveLinks(interviewId), token });
}

export function rescheduleLiveInterview(
  token: string,
  interviewId: string,
  request: RescheduleLiveInterviewRequest,
): Promise<CommandResult> {
  return command(commandResultSchema, token, apiPaths.invite.rescheduleLive(interviewId), request);
}

export function cancelLiveInterview(token: string, interviewId: string): Promise<CommandResult> {
  return command(commandResultSchema, token, apiPaths.invite.cancelLive(interviewId));
}

export function revokeLiveLink(token: string, interviewId: string, role: LiveRole): Promise<CommandResult> {
  return command(commandResultSchema, token, apiPaths.invite.revokeLiveLink(interviewId), { role });
}

/** A new link for the role; the previous one (if any) stops working. */
export function reissueLiveLink(token: string, interviewId: string, role: LiveRole): Promise<CommandResult> {
  return command(commandResultSchema, token, apiPaths.invite.reissueLiveLink(interviewId), { role });
}

/**
 * The media service's rooms of a template: the live status of each interview (waiting, in progress,
 * ended) and whether it is being recorded. The status is extra information, so a media service that
 * is down, slow or does not know the route yet gives `null` (the page shows no status) rather than
 * an error page. A 401 still ends the recruiter's session like any other call.
 */
export async function listRoomsOfTemplate(token: string, templateId: string): Promise<RoomView[] | null> {
  try {
    const { rooms } = await callService('media', roomListResponse, {
      path: apiPaths.media.rooms,
      query: { templateId },
      token,
      timeoutMs: 5_000,
    });
    return rooms;
  } catch (cause) {
    if (cause instanceof ApiError && cause.status !== 401) return null;
    throw cause;
  }
}
