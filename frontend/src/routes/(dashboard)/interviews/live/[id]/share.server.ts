// The Share tab of the Interview Analysis page: the interview's share links (sharing service) and
// the forms that make, edit and delete them, their viewing log, plus Quick Share from the bar above
// the player. A new link's form starts from the organisation's defaults (settings/sharing). Plain
// forms with named actions that redirect back to `?tab=share` with the write's `waitFor`, so the
// list shows the change and everything works without JavaScript. `?edit=<id>` opens a link's
// visible-content dialog, `?create=1` the new link's; `?created=<id>` shows the new link ready to copy.
import { fail, isRedirect, redirect, type RequestEvent } from '@sveltejs/kit';
import type {
  CreateShareLinkRequest,
  NameVisibility,
  RecordingView,
  ShareContent,
  ShareRecordings,
} from '@candor/contracts';
import { dayInZone, formatInZone } from '#lib/analysis/format.ts';
import { shareToggles, type ShareFormValues } from '#lib/analysis/view.ts';
import { text, toFieldErrors } from '#lib/server/forms.ts';
import { ApiError } from '#lib/server/http.ts';
import { asRecruiter } from '#lib/server/session.ts';
import {
  createShareLink,
  deleteShareLink,
  editShareLink,
  getShareSettings,
  listInterviewViews,
  listShareLinks,
  quickShare,
} from '#lib/server/sharing.ts';

export async function loadShareTab(event: RequestEvent, context: { zone: string; recordings: RecordingView[] }) {
  const query = event.url.searchParams;
  const id = event.params.id!;
  const waitFor = query.get('shareWaitFor') ?? undefined;
  let read;
  try {
    read = await Promise.all([
      asRecruiter(event, (token) => listShareLinks(token, id, waitFor)),
      asRecruiter(event, (token) => listInterviewViews(token, id, waitFor)),
      asRecruiter(event, (token) => getShareSettings(token)),
    ]);
  } catch (cause) {
    if (isRedirect(cause)) throw cause;
    if (cause instanceof ApiError) return { available: false as const };
    throw cause;
  }
  const [listed, log, settings] = read;
  const links = listed.links.map((link) => ({
    ...link,
    url: `${event.url.origin}${link.path}`,
    expires: dayInZone(link.expiresAt, context.zone),
    created: dayInZone(link.createdAt, context.zone),
  }));
  return {
    available: true as const,
    links,
    created: links.find((link) => link.id === query.get('created')) ?? null,
    editing: links.find((link) => link.id === query.get('edit') && link.status !== 'revoked') ?? null,
    creating: query.has('create'),
    recordings: context.recordings
      .filter((recording) => recording.status === 'ready')
      .map((recording) => ({ id: recording.id, number: recording.index })),
    dataUntil: dataUntilOf(context.recordings, context.zone),
    // the viewing log of every link: time in the interview's zone, link name, coarse user agent
    views: log.views.map((view) => ({ ...view, when: formatInZone(view.at, context.zone) })),
    // a new link starts from the organisation's defaults and may not pass its ceilings
    defaults: {
      ...settings.defaults,
      content: shareToggles.filter(([key]) => settings.defaults.content[key]).map(([key]) => key as string),
    },
    ceilings: settings.ceilings,
  };
}

/**
 * The day the last recording is deleted (its end + the organisation's retention, as the recording
 * service says): no link may expire later — the sharing service caps it there; the form says so.
 */
function dataUntilOf(recordings: RecordingView[], zone: string): string | null {
  const dates = recordings.flatMap((recording) =>
    recording.status !== 'deleted' && recording.deleteAfter ? [Date.parse(recording.deleteAfter)] : [],
  );
  return dates.length === 0 ? null : dayInZone(new Date(Math.max(...dates)).toISOString(), zone);
}

function contentOf(form: FormData): ShareContent {
  const on = new Set(form.getAll('content').map(String));
  return Object.fromEntries(shareToggles.map(([key]) => [key, on.has(key)])) as ShareContent;
}

function valuesOf(form: FormData): ShareFormValues {
  return {
    name: text(form, 'name'),
    nameVisibility: text(form, 'nameVisibility'),
    expiryDays: text(form, 'expiryDays'),
    maxViews: text(form, 'maxViews'),
    content: form.getAll('content').map(String),
    recordings: form.getAll('recording').map(String),
  };
}

/** The ticked recordings; every one offered (or none) ticked: all of them. */
function playlistOf(form: FormData, chosen: string[]): ShareRecordings {
  const offered = text(form, 'recordingsOffered').split(',').filter(Boolean);
  const all = chosen.length === 0 || (offered.length > 0 && offered.every((id) => chosen.includes(id)));
  return all ? 'all' : chosen;
}

const whole = (value: string) => (value.trim() === '' ? undefined : Number(value));
const visibility = (value: string) =>
  ['full', 'first', 'hidden'].includes(value) ? (value as NameVisibility) : undefined;

/** A refused form's values and messages, or the cause rethrown when it is not the form's fault. */
function refusal(cause: unknown, values: ShareFormValues) {
  if (cause instanceof ApiError && cause.status < 500 && cause.status !== 401) {
    const errors = toFieldErrors(cause.fieldErrors);
    if (Object.keys(errors).length === 0) errors[''] = cause.detail ?? cause.title;
    return { status: cause.status, form: { values, errors } };
  }
  throw cause;
}

const back = (event: RequestEvent, search: Record<string, string>) =>
  `${event.url.pathname}?${new URLSearchParams({ tab: 'share', ...search }).toString()}`;

export const shareActions = {
  /** One click: a link with the organisation's defaults, shown ready to copy. */
  quickShare: async (event: RequestEvent) => {
    let result;
    try {
      result = await asRecruiter(event, (token) => quickShare(token, event.params.id!));
    } catch (cause) {
      if (isRedirect(cause)) throw cause;
      if (cause instanceof ApiError && cause.status < 500)
        return fail(cause.status, { shareError: cause.detail ?? cause.title });
      throw cause;
    }
    redirect(303, back(event, { done: 'shared', created: result.id, shareWaitFor: result.waitFor }));
  },

  createShare: async (event: RequestEvent) => {
    const form = await event.request.formData();
    const values = valuesOf(form);
    const request: CreateShareLinkRequest = {
      name: values.name,
      nameVisibility: visibility(values.nameVisibility),
      content: contentOf(form),
      recordings: playlistOf(form, values.recordings),
      expiryDays: whole(values.expiryDays),
      maxViews: whole(values.maxViews),
    };
    let result;
    try {
      result = await asRecruiter(event, (token) => createShareLink(token, event.params.id!, request));
    } catch (cause) {
      if (isRedirect(cause)) throw cause;
      const { status, form: shareForm } = refusal(cause, values);
      return fail(status, { shareForm });
    }
    redirect(303, back(event, { done: 'shared', created: result.id, shareWaitFor: result.waitFor }));
  },

  /** Visible content only: the URL stays the same; the viewer sees the change on the next load. */
  editShare: async (event: RequestEvent) => {
    const form = await event.request.formData();
    const values = valuesOf(form);
    const shareLinkId = text(form, 'shareLinkId');
    let result;
    try {
      result = await asRecruiter(event, (token) =>
        editShareLink(token, shareLinkId, {
          name: values.name || undefined,
          nameVisibility: visibility(values.nameVisibility),
          content: contentOf(form),
          recordings: playlistOf(form, values.recordings),
        }),
      );
    } catch (cause) {
      if (isRedirect(cause)) throw cause;
      const { status, form: editForm } = refusal(cause, values);
      return fail(status, { editForm });
    }
    redirect(303, back(event, { done: 'share-edited', shareWaitFor: result.waitFor }));
  },

  /** Delete revokes at once: the next request of any viewer is refused. */
  deleteShare: async (event: RequestEvent) => {
    const form = await event.request.formData();
    let result;
    try {
      result = await asRecruiter(event, (token) => deleteShareLink(token, text(form, 'shareLinkId')));
    } catch (cause) {
      if (isRedirect(cause)) throw cause;
      if (cause instanceof ApiError && cause.status < 500)
        return fail(cause.status, { shareError: cause.detail ?? cause.title });
      throw cause;
    }
    redirect(303, back(event, { done: 'share-deleted', shareWaitFor: result.waitFor }));
  },
};
