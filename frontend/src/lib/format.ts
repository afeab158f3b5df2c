// Display formats, in the reader's locale (lib/locale.ts: the browser's own, and the request's
// Accept-Language on the server). Dates are shown in UTC so the server's render and the browser's agree.
import { displayLocale } from './locale.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = displayLocale();
  const id = `${locale ?? ''}|${key}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(id, format);
  }
  return format;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter('date', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${formatter('dateTime', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}

/** A time of day in the reader's own zone (pages that run in the browser only, e.g. the room). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatter('time', { timeStyle: 'short' }).format(date);
}

export function pluralise(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `grace.hopper@navy.mil` → `grace.` `hopper` `@navy.` `mil`: where a long address may wrap (after a dot, before the @). */
export function emailParts(email: string): string[] {
  return email.split(/(?<=\.)|(?=@)/).filter(Boolean);
}
