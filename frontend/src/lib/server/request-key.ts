// Idempotency keys of form submissions. Each render of a create form carries a fresh key in a
// hidden field; the action sends it as `Idempotency-Key`, so a double click (or a resubmitted POST)
// answers the first result instead of creating a second invite or interview.
import { randomUUID } from 'node:crypto';

export const requestKeyField = 'requestKey';

/** A new key for a form about to render (122 random bits). */
export const newRequestKey = (): string => randomUUID();

/** The submitted key; a missing or hand-edited one is dropped (the command then runs unguarded). */
export function requestKeyOf(form: FormData): string | undefined {
  const key = form.get(requestKeyField);
  return typeof key === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(key) ? key : undefined;
}
