// Inviting a candidate: the form (active jobs only) and, after an invite, its result: the link,
// its QR code, and how the invitation email fares. The result lives in the URL (`?invite=<id>`,
// never the token), so reloading the page shows it again; what only the first view after the invite
// does (wait for the read model, the "send it yourself" dialog) comes from a one-time cookie instead.
import { error, fail, isRedirect, redirect } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { createInviteRequest, inviteLimits, openInviteProblemType, type DeliveryView } from '@candor/contracts';
import { expiryFromDate, dateOfExpiry } from '#lib/expiry.ts';
import { issuesToFieldErrors, text, toFieldErrors, type FieldErrors } from '#lib/server/forms.ts';
import { ApiError } from '#lib/server/http.ts';
import { createInvite, getInvite, getInviteLink, listJobs, listOpenInvites } from '#lib/server/invite.ts';
import { newRequestKey, requestKeyOf } from '#lib/server/request-key.ts';
import { canEmail, getDeliverySettings, listDeliveries, retryDelivery } from '#lib/server/notification.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export interface InviteFormValues {
  jobId: string;
  candidateName: string;
  candidateEmail: string;
  /** a date (`2030-01-31`), empty for a link that does not expire */
  expiresAt: string;
}

export const load: PageServerLoad = async (event) => {
  event.depends('candor:deliveries');
  const inviteId = event.url.searchParams.get('invite');
  const [{ jobs }, settings, result] = await Promise.all([
    asRecruiter(event, (token) => listJobs(token, { status: 'active' })),
    unlessFailed(asRecruiter(event, getDeliverySettings)),
    inviteId ? loadResult(event, inviteId) : null,
  ]);

  const requestedJob = event.url.searchParams.get('job');
  const preselectedJobId = jobs.some((job) => job.id === requestedJob) ? (requestedJob ?? '') : '';
  const values: InviteFormValues = result?.invite
    ? {
        jobId: result.invite.jobId,
        candidateName: result.invite.candidateName,
        candidateEmail: result.invite.candidateEmail,
        expiresAt: dateOfExpiry(result.invite.expiresAt),
      }
    : { jobId: preselectedJobId, candidateName: '', candidateEmail: '', expiresAt: '' };

  return {
    jobs: jobs.map(({ id, title }) => ({ id, title })),
    values,
    limits: inviteLimits,
    emailConfigured: canEmail(settings),
    mailbox: settings?.email.transport === 'mailbox',
    result,
    /** this rendering's idempotency key: a double click on Generate Invite makes one invite */
    requestKey: newRequestKey(),
  };
};

/** A read that may fail without failing the page (a 401's redirect still goes through). */
async function unlessFailed<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (cause) {
    if (isRedirect(cause)) throw cause;
    return null;
  }
}

/**
 * Set by the create action for the one page view that follows it: that view waits for the invite's
 * read model and says how the link reaches the candidate (the "send it yourself" dialog). Kept out
 * of the URL, so a reload or a bookmark shows the result without replaying any of that.
 */
const justInvited = { name: 'candor_just_invited', options: { path: '/invite', httpOnly: true, sameSite: 'lax', maxAge: 120 } } as const;

/** The `waitFor` of the invite just made, once: the cookie goes with this read. */
function takeJustInvited(event: RequestEvent, inviteId: string): string | undefined {
  const value = event.cookies.get(justInvited.name);
  if (!value) return undefined;
  event.cookies.delete(justInvited.name, { path: justInvited.options.path });
  const [id, waitFor] = value.split(' ');
  return id === inviteId && waitFor ? waitFor : undefined;
}

async function loadResult(event: RequestEvent, inviteId: string) {
  const waitFor = takeJustInvited(event, inviteId);
  // set after a retry, so the deliveries show its outcome
  const deliveriesWaitFor = event.url.searchParams.get('deliveriesWaitFor') ?? undefined;
  const [invite, link, deliveries] = await Promise.all([
    // right after the invite, the read model may still be a moment behind even after waiting
    unlessNotFound(asRecruiter(event, (token) => getInvite(token, inviteId, { waitFor }))),
    unlessNotFound(asRecruiter(event, (token) => getInviteLink(token, inviteId))),
    unlessFailed(asRecruiter(event, (token) => listDeliveries(token, inviteId, { waitFor: deliveriesWaitFor }))),
  ]);
  if (!link) error(404, 'Invite not found');

  const url = new URL(link.path, event.url.origin).href;
  return {
    id: inviteId,
    invite: invite?.invite ?? null,
    url,
    qrSvg: await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
    delivery: latestDelivery(deliveries?.deliveries ?? []),
    /** just made (not a reload of an older result): the page says how the link can reach the candidate */
    justCreated: waitFor !== undefined,
    retried: event.url.searchParams.has('retried'),
  };
}

async function unlessNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (cause) {
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) return null;
    throw cause;
  }
}

export type DeliveryState =
  | { status: 'pending' }
  | { status: 'sent'; to: string; at: string }
  | { status: 'failed'; to: string; at: string; error: string | null };

/** The invitation email's latest outcome; nothing recorded yet means it is on its way. */
function latestDelivery(deliveries: DeliveryView[]): DeliveryState {
  const latest = deliveries.toSorted((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (!latest) return { status: 'pending' };
  if (latest.status === 'sent') return { status: 'sent', to: latest.to, at: latest.updatedAt };
  return { status: 'failed', to: latest.to, at: latest.updatedAt, error: latest.lastError };
}

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const values: InviteFormValues = {
      jobId: text(form, 'jobId'),
      candidateName: text(form, 'candidateName'),
      candidateEmail: text(form, 'candidateEmail'),
      expiresAt: text(form, 'expiresAt'),
    };

    const expiry = expiryFromDate(values.expiresAt);
    const parsed = createInviteRequest.safeParse({
      jobId: values.jobId,
      candidateName: values.candidateName,
      candidateEmail: values.candidateEmail,
      expiresAt: expiry.ok ? expiry.expiresAt : null,
    });
    const errors: FieldErrors = parsed.success ? {} : issuesToFieldErrors(parsed.error.issues);
    if (!expiry.ok) errors.expiresAt = expiry.message;
    else if (expiry.expiresAt && Date.parse(expiry.expiresAt) <= Date.now())
      errors.expiresAt = 'Choose a date in the future';
    if (!parsed.success || Object.keys(errors).length > 0) return fail(400, { values, errors });

    // "Invite again" counts for the address it was offered for, not one typed over it afterwards
    const inviteAgain =
      form.get('inviteAgain') === 'yes' &&
      text(form, 'inviteAgainFor').toLowerCase() === values.candidateEmail.trim().toLowerCase();
    let created;
    try {
      created = await asRecruiter(event, (token) =>
        createInvite(token, { ...parsed.data, inviteAgain }, requestKeyOf(form)),
      );
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 409 && cause.type?.endsWith(`/${openInviteProblemType}`)) {
        const existing = await openInvite(event, parsed.data);
        // gone a moment later (revoked, expired): nothing to warn about any more, so try once more
        const errors: FieldErrors = existing ? {} : { '': 'Please try again.' };
        return fail(409, { values, errors, openInvite: existing });
      }
      return rejectedInvite(values, cause);
    }
    event.cookies.set(justInvited.name, `${created.id} ${created.waitFor}`, {
      ...justInvited.options,
      secure: event.url.protocol === 'https:',
    });
    redirect(303, `/invite?invite=${encodeURIComponent(created.id)}`);
  },

  retry: async (event) => {
    const inviteId = text(await event.request.formData(), 'inviteId');
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => retryDelivery(token, inviteId)));
    } catch (cause) {
      if (cause instanceof ApiError && cause.status < 500) error(cause.status, cause.detail ?? cause.title);
      throw cause;
    }
    redirect(
      303,
      `/invite?invite=${encodeURIComponent(inviteId)}&retried&deliveriesWaitFor=${encodeURIComponent(waitFor)}`,
    );
  },
};

export interface OpenInvite {
  id: string;
  invitedAt: string;
  /** its link; null if it was revoked a moment ago */
  url: string | null;
  /** how many open invites the candidate has to the job */
  count: number;
}

/** The candidate's newest open invite to the job, with its link, for the "already invited" warning. */
async function openInvite(
  event: RequestEvent,
  request: { jobId: string; candidateEmail: string },
): Promise<OpenInvite | null> {
  const { invites } = await asRecruiter(event, (token) =>
    listOpenInvites(token, request.jobId, request.candidateEmail),
  );
  const [newest] = invites;
  if (!newest) return null;
  const link = await unlessNotFound(asRecruiter(event, (token) => getInviteLink(token, newest.id)));
  return {
    id: newest.id,
    invitedAt: newest.invitedAt,
    url: link ? new URL(link.path, event.url.origin).href : null,
    count: invites.length,
  };
}

/**
 * The service's answer to a refused invite goes back to the form. An unknown or inactive job comes
 * as a problem without field errors: its message belongs on the job field.
 */
function rejectedInvite(values: InviteFormValues, cause: unknown) {
  if (!(cause instanceof ApiError) || cause.status === 401) throw cause;
  const errors = toFieldErrors(cause.fieldErrors);
  if (Object.keys(errors).length === 0) {
    const message = cause.detail ?? cause.title;
    if (cause.status >= 500) errors[''] = 'Inviting is not possible right now. Please try again shortly.';
    else if ([400, 404, 409].includes(cause.status)) errors.jobId = message;
    else errors[''] = message;
  }
  return fail(cause.status >= 500 ? 503 : cause.status, { values, errors });
}
