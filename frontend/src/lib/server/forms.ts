// Turning validation issues (ours or a service's problem+json) into per-field messages for forms.
import type { FieldError } from './http';

export type FieldErrors = Record<string, string>;

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

/** Zod issues from validating a form locally, keyed `questions.0.text`. */
export function issuesToFieldErrors(issues: readonly Issue[]): FieldErrors {
  return toFieldErrors(issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })));
}

/** The first message per field; an error without a path goes under `''` (the form as a whole). */
export function toFieldErrors(errors: readonly FieldError[]): FieldErrors {
  const result: FieldErrors = {};
  for (const { path, message } of errors) {
    result[path] ??= sentence(message);
  }
  return result;
}

function sentence(message: string): string {
  const trimmed = message.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
