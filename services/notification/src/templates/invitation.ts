// The candidate's invitation email, as text and HTML. Every value from an event or the configuration
// is escaped before it enters the HTML; the subject is kept to one line.
export interface InvitationEmailInput {
  candidateName: string;
  jobTitle: string;
  /** the candidate's working link: `${publicUrl}/i/<token>` */
  link: string;
  /** ISO 8601; null when the link does not expire */
  expiresAt: string | null;
  /** a re-issued link says that the previous one stopped working */
  reason: 'invited' | 'link-reissued';
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => htmlEntities[char]!);
}

const oneLine = (value: string) =>
  value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();

/** "21 November 2026 at 10:00 UTC": one unambiguous zone, since we do not know the candidate's. */
export function formatExpiry(expiresAt: string): string {
  const date = new Date(expiresAt);
  if (Number.isNaN(date.getTime())) return expiresAt;
  const day = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'UTC',
  }).format(date);
  return `${day} at ${time} UTC`;
}

export function invitationEmail(input: InvitationEmailInput): RenderedEmail {
  const name = oneLine(input.candidateName);
  const jobTitle = oneLine(input.jobTitle) || 'a role';
  const greeting = name ? `Hello ${name},` : 'Hello,';
  const intro =
    input.reason === 'link-reissued'
      ? `Here is a new link to your written interview for ${jobTitle}. The link you had before no longer works.`
      : `You are invited to a written interview for ${jobTitle}. You answer the questions in your own time, and you can leave and come back with the same link.`;
  const expiry = input.expiresAt ? `The link works until ${formatExpiry(input.expiresAt)}.` : null;
  const personal = 'This link is personal: do not share it, anyone who has it can answer in your name.';

  const text = [
    greeting,
    '',
    intro,
    '',
    'Start your interview:',
    input.link,
    '',
    ...(expiry ? [expiry, ''] : []),
    personal,
    '',
    '— Candor',
    '',
  ].join('\n');

  const link = escapeHtml(input.link);
  const paragraph = (content: string) => `<p style="margin:0 0 16px">${content}</p>`;
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>',
    '<body style="margin:0;padding:24px;background:#f6f7f9;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2933">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">',
    paragraph(escapeHtml(greeting)),
    paragraph(escapeHtml(intro)),
    `<p style="margin:24px 0"><a href="${link}" style="display:inline-block;background:#2f5bea;color:#ffffff;text-decoration:none;padding:12px 24px;border-radius:6px;font-weight:bold">Start your interview</a></p>`,
    paragraph(
      `If the button does not work, copy this link into your browser:<br><a href="${link}" style="color:#2f5bea;word-break:break-all">${link}</a>`,
    ),
    ...(expiry ? [paragraph(escapeHtml(expiry))] : []),
    paragraph(escapeHtml(personal)),
    '<p style="margin:0;color:#6b7280">— Candor</p>',
    '</div></body></html>',
  ].join('\n');

  return { subject: oneLine(`Your interview for ${jobTitle}`), text, html };
}
