// The calendar invitation (.ics) a mailbox email carries, as the attachment it would have been: a
// download with its MIME type (`text/calendar` with the iTIP method) and its file name.
import { error } from '@sveltejs/kit';
import { ApiError } from '#lib/server/http.ts';
import { listMailbox } from '#lib/server/notification.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  let messages;
  try {
    messages = await asRecruiter(event, listMailbox);
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 404) error(404, 'There is no local mailbox');
    throw cause;
  }
  const calendar = messages.find((message) => message.id === event.params.id)?.calendar;
  if (!calendar) error(404, 'This email has no calendar invitation');
  // a name for a header: no quotes, slashes or line breaks, whatever the email called it
  const filename = calendar.filename.replace(/["\\/\r\n]/g, '') || 'invite.ics';
  return new Response(calendar.content, {
    headers: {
      'content-type': `text/calendar; charset=utf-8; method=${calendar.method}`,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
};
