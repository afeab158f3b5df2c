// The local mailbox of the embedded mode: the emails Candor would have sent, kept in memory
// because no SMTP server is configured (messages of the recruiter's organisation only).
import { listMailbox } from '#lib/server/notification.ts';
import { ApiError } from '#lib/server/http.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  try {
    const messages = await asRecruiter(event, listMailbox);
    return { available: true, messages: messages.toSorted((a, b) => b.at.localeCompare(a.at)) };
  } catch (cause) {
    // with SMTP there is no local mailbox
    if (cause instanceof ApiError && cause.status === 404) return { available: false, messages: [] };
    throw cause;
  }
};
