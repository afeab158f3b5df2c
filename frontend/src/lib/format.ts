// Display formats. Dates are shown in UTC so the server's render and the browser's agree.
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateTimeFormat.format(date)} UTC`;
}

export function pluralise(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `grace.hopper@navy.mil` → `grace.` `hopper` `@navy.` `mil`: where a long address may wrap (after a dot, before the @). */
export function emailParts(email: string): string[] {
  return email.split(/(?<=\.)|(?=@)/).filter(Boolean);
}
