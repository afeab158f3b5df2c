import { isRedirect, redirect } from '@sveltejs/kit';
import { getDeliverySettings } from '#lib/server/notification.ts';
import { asRecruiter, loginUrl } from '#lib/server/session.ts';
import type { LayoutServerLoad } from './$types';

// hooks.server.ts already keeps signed-out visitors out; this narrows the type for the layout.
export const load: LayoutServerLoad = async (event) => {
  const { locals } = event;
  if (!locals.session) redirect(303, loginUrl(event.url));
  const { name, email, orgName } = locals.session.recruiter;
  return {
    recruiter: { name, email, organisationName: orgName },
    showMailbox: await hasLocalMailbox(event),
  };
};

/** The Mailbox page only exists where emails are captured locally (the embedded mode without SMTP). */
async function hasLocalMailbox(event: Parameters<LayoutServerLoad>[0]): Promise<boolean> {
  try {
    const settings = await asRecruiter(event, getDeliverySettings);
    return settings.email.transport === 'mailbox';
  } catch (cause) {
    // the sidebar must not fail because the notification service does; a 401's redirect goes on
    if (isRedirect(cause)) throw cause;
    return false;
  }
}
