// Settings → Share links: the organisation's defaults (what Quick Share makes, and where the Share
// tab's "Create new link" dialog starts) and the ceilings no link may exceed. Both are the sharing
// service's; it refuses defaults beyond the ceilings and ceilings below the defaults (400, shown
// beside the fields), and ceilings from anyone but the organisation's admin (403).
import { fail, isRedirect } from '@sveltejs/kit';
import type { NameVisibility, ShareContent } from '@candor/contracts';
import { shareToggles } from '#lib/analysis/view.ts';
import { text, toFieldErrors } from '#lib/server/forms.ts';
import { ApiError } from '#lib/server/http.ts';
import { asRecruiter } from '#lib/server/session.ts';
import { getShareSettings, setShareCeilings, setShareDefaults } from '#lib/server/sharing.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const settings = await asRecruiter(event, (token) => getShareSettings(token));
  return {
    settings: {
      ...settings,
      defaults: {
        ...settings.defaults,
        content: shareToggles.filter(([key]) => settings.defaults.content[key]).map(([key]) => key as string),
      },
    },
  };
};

/** A form value as a whole number; anything else is NaN, which the service refuses with a message. */
const whole = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

async function save(
  event: RequestEvent,
  which: 'defaults' | 'ceilings',
  values: Record<string, unknown>,
  write: (token: string) => Promise<unknown>,
) {
  try {
    await asRecruiter(event, write);
  } catch (cause) {
    if (isRedirect(cause)) throw cause;
    if (cause instanceof ApiError && cause.status < 500 && cause.status !== 401) {
      // the service names fields as `body.<field>` (and `defaults.<field>` for a ceiling below them)
      const errors = toFieldErrors(cause.fieldErrors);
      if (Object.keys(errors).length === 0) errors[''] = cause.detail ?? cause.title;
      return fail(cause.status, { which, values, errors });
    }
    throw cause;
  }
  return { which, saved: true };
}

export const actions: Actions = {
  defaults: async (event) => {
    const form = await event.request.formData();
    const on = new Set(form.getAll('content').map(String));
    const values = {
      expiryDays: text(form, 'expiryDays'),
      maxViews: text(form, 'maxViews'),
      nameVisibility: text(form, 'nameVisibility'),
      content: [...on],
    };
    const content = Object.fromEntries(shareToggles.map(([key]) => [key, on.has(key)])) as ShareContent;
    return save(event, 'defaults', values, (token) =>
      setShareDefaults(token, {
        expiryDays: whole(values.expiryDays),
        maxViews: whole(values.maxViews),
        nameVisibility: values.nameVisibility as NameVisibility,
        content,
      }),
    );
  },
  ceilings: async (event) => {
    const form = await event.request.formData();
    const values = { maxExpiryDays: text(form, 'maxExpiryDays'), maxViews: text(form, 'maxViews') };
    return save(event, 'ceilings', values, (token) =>
      setShareCeilings(token, { maxExpiryDays: whole(values.maxExpiryDays), maxViews: whole(values.maxViews) }),
    );
  },
};
