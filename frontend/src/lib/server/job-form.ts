// The job form (new and edit): reading the posted fields, validating them with the contract's
// schema before the service sees them, and turning a rejection into per-field messages.
import { fail, type ActionFailure } from '@sveltejs/kit';
import { createJobRequest, type CreateJobRequest } from '@candor/contracts';
import { ApiError } from './http';
import { issuesToFieldErrors, text, toFieldErrors, type FieldErrors } from './forms';
import type { JobFormValues } from '../job-form';

/**
 * Questions arrive as repeated `question` fields with a `questionId` beside each (empty for a new
 * question), so the form works without JavaScript. Blank rows are the spare ones: dropped.
 */
export function readJobForm(form: FormData): JobFormValues {
  const texts = form.getAll('question').map((value) => (typeof value === 'string' ? value : ''));
  const ids = form.getAll('questionId').map((value) => (typeof value === 'string' ? value : ''));
  return {
    title: text(form, 'title'),
    description: text(form, 'description'),
    questions: texts
      .map((questionText, index) => ({ id: ids[index] || undefined, text: questionText }))
      .filter((question) => question.text.trim() !== ''),
  };
}

export interface JobFormFailure {
  values: JobFormValues;
  errors: FieldErrors;
}

export type ValidatedJobForm =
  | { ok: true; request: CreateJobRequest }
  | { ok: false; failure: ActionFailure<JobFormFailure> };

export function validateJobForm(values: JobFormValues): ValidatedJobForm {
  const parsed = createJobRequest.safeParse(values);
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, failure: fail(400, { values, errors: issuesToFieldErrors(parsed.error.issues) }) };
}

/** A service's 4xx about the form goes back to the form; anything else is the error page's job. */
export function rejectedJobForm(values: JobFormValues, error: unknown): ActionFailure<JobFormFailure> {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 404) {
    const errors = toFieldErrors(error.fieldErrors);
    if (Object.keys(errors).length === 0) errors[''] = error.detail ?? error.title;
    return fail(error.status, { values, errors });
  }
  throw error;
}
