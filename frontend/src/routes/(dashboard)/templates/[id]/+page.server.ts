// One live interview template: its details (and the edit form), and its Invites tab: the schedule
// form and the interviews scheduled on it with their links. Which tab, which confirmation and
// which links to show all live in the URL (never a link token), so everything works without
// JavaScript and can be linked to. Each write redirects with its `waitFor` (read-your-writes).
import { error, fail, redirect } from '@sveltejs/kit';
import { liveLimits, liveRole, type LiveRole } from '@candor/contracts';
import { ApiError } from '#lib/server/http.ts';
import { text } from '#lib/server/forms.ts';
import {
  cancelLiveInterview,
  editLiveTemplate,
  getLiveLinks,
  getLiveTemplate,
  listLiveInterviews,
  listRoomsOfTemplate,
  reissueLiveLink,
  rescheduleLiveInterview,
  revokeLiveLink,
  scheduleLiveInterview,
} from '#lib/server/live.ts';
import { isOpenLiveInterviewRefusal, openLiveInterview } from '#lib/server/open-live-interview.ts';
import { newRequestKey, requestKeyOf } from '#lib/server/request-key.ts';
import { asRecruiter } from '#lib/server/session.ts';
import { groupInterviews, liveStatusOf, roomOf } from '#lib/live-schedule.ts';
import { instantToZoned, timeZoneChoices } from '#lib/zoned-time.ts';
import { confirmations, dones, type FormErrors, type ScheduleFormValues, type TemplateFormValues } from '#lib/components/live/forms.ts';
import {
  readScheduleForm,
  readStart,
  readTemplateForm,
  refusal,
  validateRescheduleForm,
  validateScheduleForm,
  validateTemplateForm,
} from '../live-forms.server.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Tab = 'details' | 'invites';
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  values.includes(value as T) ? (value as T) : null;

export const load: PageServerLoad = async (event) => {
  const search = event.url.searchParams;
  // the data may carry working links (the panel after scheduling): never kept by any cache
  event.setHeaders({ 'cache-control': 'private, no-store' });
  const tab: Tab = search.get('tab') === 'invites' ? 'invites' : 'details';
  // a write's position belongs to the read it wrote to: the template's, or its interviews'
  const waitFor = search.get('waitFor') ?? undefined;
  const { template, caughtUp } = await readTemplate(event, tab === 'details' ? waitFor : undefined);

  const base = {
    tab,
    template,
    limits: liveLimits,
    created: search.has('created'),
    saved: search.has('saved'),
  };
  if (tab === 'details') return { ...base, caughtUp, invites: null };

  const [list, rooms] = await Promise.all([
    asRecruiter(event, (token) => listLiveInterviews(token, { templateId: template.id, waitFor })),
    asRecruiter(event, (token) => listRoomsOfTemplate(token, template.id)),
  ]);
  const now = Date.now();
  const rows = list.interviews
    // the service filters by template; this keeps a page honest if it ever did not
    .filter((interview) => interview.templateId === template.id)
    .map((interview) => {
      const live = liveStatusOf(interview, roomOf(interview.id, rooms));
      return {
        id: interview.id,
        candidateName: interview.candidateName,
        candidateEmail: interview.candidateEmail,
        interviewers: interview.interviewers.map(({ name, email }) => ({ name, email })),
        startsAt: interview.startsAt,
        timeZone: interview.timeZone,
        durationMinutes: interview.durationMinutes,
        status: interview.status,
        candidateDeclined: interview.candidateDeclined ?? null,
        live,
        candidateLinkState: interview.candidateLinkState,
        hostLinkState: interview.hostLinkState,
        /** the start in its own zone, to prefill the reschedule form */
        start: instantToZoned(interview.startsAt, interview.timeZone) ?? { date: '', time: '' },
      };
    });
  const groups = groupInterviews(rows, now, (row) => row.live?.status ?? null);

  const interviewId = search.get('interview');
  const confirming = oneOf(confirmations, search.get('confirm'));
  const confirmRow = rows.find((row) => row.id === interviewId && row.status === 'scheduled');

  return {
    ...base,
    caughtUp: caughtUp && list.caughtUp,
    invites: {
      groups,
      count: rows.length,
      roomsKnown: rooms !== null,
      timeZones: timeZoneChoices(Intl.supportedValuesOf('timeZone'), ...rows.map((row) => row.timeZone)),
      confirm: confirming && confirmRow ? { action: confirming, interviewId: confirmRow.id } : null,
      done: oneOf(dones, search.get('done')),
      shownLinks: await linksToShow(event, rows),
      /** the schedule form's idempotency key: a double submit schedules once */
      requestKey: newRequestKey(),
    },
  };
};

async function readTemplate(event: RequestEvent, waitFor: string | undefined) {
  try {
    return await asRecruiter(event, (token) => getLiveTemplate(token, event.params.id, { waitFor }));
  } catch (cause) {
    // a malformed id (400) is as unknown as a missing one; another organisation's answers 404 too
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) error(404, 'Template not found');
    throw cause;
  }
}

/**
 * Right after scheduling (both links) or re-issuing (that link), the new links are shown with Copy
 * buttons. The URL names the interview, not the token: the links are derived again here.
 */
async function linksToShow(event: RequestEvent, rows: { id: string; candidateName: string }[]) {
  const search = event.url.searchParams;
  const scheduled = search.get('scheduled');
  const reissued = search.get('reissued');
  const interviewId = scheduled ?? reissued;
  if (!interviewId) return null;
  const role = liveRole.safeParse(search.get('role'));
  const roles: LiveRole[] = scheduled ? ['candidate', 'host'] : role.success ? [role.data] : [];
  if (roles.length === 0) return null;

  let links;
  try {
    links = await asRecruiter(event, (token) => getLiveLinks(token, interviewId));
  } catch (cause) {
    if (cause instanceof ApiError && cause.status < 500 && cause.status !== 401) return null;
    throw cause;
  }
  const url = (path: string | undefined) => (path ? new URL(path, event.url.origin).href : null);
  return {
    kind: scheduled ? ('scheduled' as const) : ('reissued' as const),
    interviewId,
    candidateName: rows.find((row) => row.id === interviewId)?.candidateName ?? null,
    candidate: roles.includes('candidate') ? url(links.candidate?.path) : null,
    host: roles.includes('host') ? url(links.host?.path) : null,
  };
}

function toInvites(templateId: string, waitFor: string, extra: Record<string, string> = {}): never {
  const query = new URLSearchParams({ tab: 'invites', ...extra, waitFor });
  redirect(303, `/templates/${encodeURIComponent(templateId)}?${query}`);
}

/** The interview and (where the action takes one) the link role a row's form names. */
async function rowTarget(event: RequestEvent, needsRole: boolean) {
  const form = await event.request.formData();
  const interviewId = text(form, 'interviewId');
  const role = liveRole.safeParse(text(form, 'role'));
  if (!interviewId || (needsRole && !role.success)) {
    return {
      form,
      interviewId,
      role: null,
      invalid: fail(400, { rowError: { interviewId, message: 'Choose an interview and a link.' } }),
    };
  }
  return { form, interviewId, role: role.success ? role.data : null, invalid: null };
}

/** A refused row action is said above the table; a 5xx as "try again", never as a stack trace. */
function rowRefused(interviewId: string, cause: unknown) {
  if (!(cause instanceof ApiError) || cause.status === 401) throw cause;
  const message =
    cause.status === 404 || cause.status === 400
      ? 'This interview could not be found. It may have been removed.'
      : cause.status >= 500
        ? 'This is not possible right now. Please try again shortly.'
        : (cause.detail ?? cause.title);
  return fail(cause.status >= 500 ? 503 : cause.status, { rowError: { interviewId, message } });
}

export const actions: Actions = {
  save: async (event) => {
    const values: TemplateFormValues = readTemplateForm(await event.request.formData());
    const validated = validateTemplateForm(values);
    if (!validated.ok) return validated.failure;
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => editLiveTemplate(token, event.params.id, validated.request)));
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 404) error(404, 'Template not found');
      const { status, errors } = refusal(cause);
      return fail(status, { template: { values, errors } });
    }
    redirect(303, `/templates/${encodeURIComponent(event.params.id)}?waitFor=${encodeURIComponent(waitFor)}&saved`);
  },

  schedule: async (event) => {
    const form = await event.request.formData();
    const values: ScheduleFormValues = readScheduleForm(form);
    const validated = validateScheduleForm(event.params.id, values, Date.now());
    if (!validated.ok) return validated.failure;
    // "Schedule again" counts for the address it was offered for, not one typed over it afterwards
    const again =
      form.get('scheduleAgain') === 'yes' &&
      text(form, 'scheduleAgainFor').trim().toLowerCase() === values.candidateEmail.trim().toLowerCase();
    let scheduled;
    try {
      scheduled = await asRecruiter(event, (token) =>
        scheduleLiveInterview(token, { ...validated.request, refuseIfOpen: !again }, requestKeyOf(form)),
      );
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 404) error(404, 'Template not found');
      if (isOpenLiveInterviewRefusal(cause)) {
        const openInterview = await asRecruiter(event, (token) =>
          openLiveInterview(token, event.params.id, values.candidateEmail, event.url.origin),
        );
        // gone a moment later (cancelled, declined): nothing to warn about any more, so try once more
        const errors: FormErrors = openInterview ? {} : { '': 'Please try again.' };
        return fail(409, { schedule: { values, errors, openInterview } });
      }
      const { status, errors } = refusal(cause);
      return fail(status, { schedule: { values, errors } });
    }
    toInvites(event.params.id, scheduled.waitFor, { scheduled: scheduled.id, done: 'scheduled' });
  },

  /** The link itself, for the clipboard (or, without JavaScript or clipboard, a dialog). */
  copyLink: async (event) => {
    const { interviewId, role, invalid } = await rowTarget(event, true);
    if (invalid || !role) return invalid;
    let links;
    try {
      links = await asRecruiter(event, (token) => getLiveLinks(token, interviewId));
    } catch (cause) {
      return rowRefused(interviewId, cause);
    }
    const path = links[role]?.path;
    if (!path) {
      const message = `The ${role === 'candidate' ? 'candidate' : 'interviewer'} link is revoked. Re-issue it to get a new one.`;
      return fail(409, { rowError: { interviewId, message } });
    }
    return { link: { interviewId, role, url: new URL(path, event.url.origin).href } };
  },

  revokeLink: async (event) => {
    const { interviewId, role, invalid } = await rowTarget(event, true);
    if (invalid || !role) return invalid;
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => revokeLiveLink(token, interviewId, role)));
    } catch (cause) {
      return rowRefused(interviewId, cause);
    }
    toInvites(event.params.id, waitFor, { done: `revoked-${role}` });
  },

  reissueLink: async (event) => {
    const { interviewId, role, invalid } = await rowTarget(event, true);
    if (invalid || !role) return invalid;
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => reissueLiveLink(token, interviewId, role)));
    } catch (cause) {
      return rowRefused(interviewId, cause);
    }
    toInvites(event.params.id, waitFor, { reissued: interviewId, role, done: `reissued-${role}` });
  },

  reschedule: async (event) => {
    const { form, interviewId, invalid } = await rowTarget(event, false);
    if (invalid) return invalid;
    const values = readStart(form);
    const validated = validateRescheduleForm(interviewId, values, Date.now());
    if (!validated.ok) return validated.failure;
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) =>
        rescheduleLiveInterview(token, interviewId, validated.request),
      ));
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 401) throw cause;
      const { status, errors } = refusal(
        cause instanceof ApiError && cause.status === 404 ? notFoundAsForm(cause) : cause,
      );
      return fail(status, { reschedule: { interviewId, values, errors } });
    }
    toInvites(event.params.id, waitFor, { done: 'rescheduled' });
  },

  cancel: async (event) => {
    const { interviewId, invalid } = await rowTarget(event, false);
    if (invalid) return invalid;
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => cancelLiveInterview(token, interviewId)));
    } catch (cause) {
      return rowRefused(interviewId, cause);
    }
    toInvites(event.params.id, waitFor, { done: 'cancelled' });
  },
};

/** An interview that is gone is the reschedule form's message, not the template page's 404. */
function notFoundAsForm(cause: ApiError): ApiError {
  return new ApiError({
    status: 409,
    title: cause.title,
    detail: 'This interview could not be found. It may have been removed.',
  });
}
