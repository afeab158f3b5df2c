// One interview: the candidate's answers, the invite's link (state, expiry, copy, revoke, re-issue),
// the invitation emails, and for a completed interview its analysis. The analysis starts when the
// page is opened and streams in: the answers show at once and the page never waits on it.
import { error, fail, isRedirect, redirect } from '@sveltejs/kit';
import type { AnalysisResponse } from '@candor/contracts';
import { expiryFromDate } from '#lib/expiry.ts';
import { text } from '#lib/server/forms.ts';
import { ApiError } from '#lib/server/http.ts';
import { getInvite, getInviteLink, reissueInvite, revokeInvite, setInviteExpiry } from '#lib/server/invite.ts';
import { canEmail, getDeliverySettings, listDeliveries, retryDelivery } from '#lib/server/notification.ts';
import { analyseSession, getSession } from '#lib/server/session-service.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const query = event.url.searchParams;
  let detail;
  try {
    detail = await asRecruiter(event, (token) => getSession(token, event.params.id));
  } catch (cause) {
    // a malformed id (400) is as much "not found" as an unknown one; another org's answers 404 too
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) error(404, 'Interview not found');
    throw cause;
  }
  const { session, caughtUp } = detail;
  const inviteId = session.inviteId;
  const waitFor = query.get('waitFor') ?? undefined;
  // set after a retry, so the deliveries show its outcome
  const deliveriesWaitFor = query.get('deliveriesWaitFor') ?? undefined;

  const [invite, deliveries, settings, link] = await Promise.all([
    unlessFailed(asRecruiter(event, (token) => getInvite(token, inviteId, { waitFor }))),
    unlessFailed(asRecruiter(event, (token) => listDeliveries(token, inviteId, { waitFor: deliveriesWaitFor }))),
    unlessFailed(asRecruiter(event, getDeliverySettings)),
    // the link is derived again on request ("Copy link", or after a re-issue), never kept
    query.has('link') ? unlessFailed(asRecruiter(event, (token) => getInviteLink(token, inviteId))) : null,
  ]);

  let analysis: AnalysisResponse | Promise<AnalysisResponse> | null = null;
  if (session.status === 'completed') {
    analysis = session.analysis
      ? { ok: true, analysis: session.analysis, cached: true }
      : analyse(event.locals.session?.token, session.id, false);
  }

  const { analysis: _cached, ...shown } = session;
  return {
    session: shown,
    caughtUp: caughtUp && (invite?.caughtUp ?? true),
    invite: invite?.invite ?? null,
    deliveries: (deliveries?.deliveries ?? []).toSorted((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    emailConfigured: canEmail(settings),
    link: link ? new URL(link.path, event.url.origin).href : null,
    notice: query.get('done'),
    /** streamed: un-awaited, so the page renders first and the analysis arrives when it is ready */
    analysis,
  };
};

/** A read that may fail without failing the page (a 401's redirect still goes through). */
async function unlessFailed<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (cause) {
    if (isRedirect(cause)) throw cause;
    console.error('[candor-frontend] interview page:', cause instanceof Error ? cause.message : cause);
    return null;
  }
}

/** Never rejects: whatever goes wrong becomes a message beside the answers and a Try again button. */
async function analyse(token: string | undefined, sessionId: string, rerun: boolean): Promise<AnalysisResponse> {
  if (!token) return { ok: false, message: 'you are no longer logged in.' };
  try {
    return await analyseSession(token, sessionId, rerun);
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 409) {
      return { ok: false, message: 'the interview is not completed yet.' };
    }
    if (cause instanceof ApiError) return { ok: false, message: cause.detail ?? cause.title };
    console.error('[candor-frontend] analysis failed', cause);
    return { ok: false, message: 'something unexpected went wrong.' };
  }
}

/** After a write, show the interview as that write left it. */
function backToInterview(
  event: RequestEvent,
  done: string,
  options: { waitFor?: string; deliveriesWaitFor?: string; link?: boolean } = {},
): never {
  const query = new URLSearchParams({ done });
  if (options.waitFor) query.set('waitFor', options.waitFor);
  if (options.deliveriesWaitFor) query.set('deliveriesWaitFor', options.deliveriesWaitFor);
  if (options.link) query.set('link', '');
  redirect(303, `/interviews/${encodeURIComponent(event.params.id)}?${query}`);
}

async function inviteIdOf(event: RequestEvent): Promise<{ inviteId: string; form: FormData }> {
  const form = await event.request.formData();
  const inviteId = text(form, 'inviteId');
  if (!inviteId) error(400, 'The form is missing the invite');
  return { inviteId, form };
}

type FailedPart = 'link' | 'expiry' | 'delivery';

/** A refused command goes back to the page as a message beside its part; others to the error page. */
function rejected(cause: unknown, part: FailedPart) {
  if (cause instanceof ApiError && cause.status >= 400 && cause.status < 500 && cause.status !== 401) {
    const message = cause.fieldErrors[0]?.message ?? cause.detail ?? cause.title;
    return refused(cause.status, part, message.charAt(0).toUpperCase() + message.slice(1));
  }
  throw cause;
}

/** `value`: what was typed, to show again */
function refused(status: number, part: FailedPart, error: string, value = '') {
  return fail(status, { failed: part, error, value });
}

export const actions: Actions = {
  expiry: async (event) => {
    const { inviteId, form } = await inviteIdOf(event);
    const value = text(form, 'expiresAt');
    const expiry = expiryFromDate(value);
    if (!expiry.ok) return refused(400, 'expiry', expiry.message, value);
    if (!expiry.expiresAt) return refused(400, 'expiry', 'Choose a date, or use Clear expiry', value);
    if (Date.parse(expiry.expiresAt) <= Date.now()) return refused(400, 'expiry', 'Choose a date in the future', value);
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) =>
        setInviteExpiry(token, inviteId, { expiresAt: expiry.expiresAt }),
      ));
    } catch (cause) {
      return rejected(cause, 'expiry');
    }
    backToInterview(event, 'expiry', { waitFor });
  },

  clearExpiry: async (event) => {
    const { inviteId } = await inviteIdOf(event);
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => setInviteExpiry(token, inviteId, { expiresAt: null })));
    } catch (cause) {
      return rejected(cause, 'expiry');
    }
    backToInterview(event, 'expiry', { waitFor });
  },

  revoke: async (event) => {
    const { inviteId } = await inviteIdOf(event);
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => revokeInvite(token, inviteId)));
    } catch (cause) {
      return rejected(cause, 'link');
    }
    backToInterview(event, 'revoked', { waitFor });
  },

  reissue: async (event) => {
    const { inviteId } = await inviteIdOf(event);
    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => reissueInvite(token, inviteId)));
    } catch (cause) {
      return rejected(cause, 'link');
    }
    // the new link is shown by the page (derived again there), so it never travels in a URL
    backToInterview(event, 'reissued', { waitFor, link: true });
  },

  retry: async (event) => {
    const { inviteId } = await inviteIdOf(event);
    let result;
    try {
      result = await asRecruiter(event, (token) => retryDelivery(token, inviteId));
    } catch (cause) {
      return rejected(cause, 'delivery');
    }
    backToInterview(event, result.status === 'sent' ? 'retried' : 'retryFailed', { deliveriesWaitFor: result.waitFor });
  },

  analyse: async (event) => {
    const rerun = text(await event.request.formData(), 'rerun') === 'true';
    const analysis = await analyse(event.locals.session?.token, event.params.id, rerun);
    return { analysis };
  },
};
