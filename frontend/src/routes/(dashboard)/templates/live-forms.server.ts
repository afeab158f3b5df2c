// The live interview forms on the server: reading the posted fields, validating them with the
// contracts' schemas before a service sees them, and turning a service's refusal into messages
// beside the fields. Each failure is keyed by its form (`template`, `schedule`, `reschedule`), as
// one page holds several forms and `form` says which one was sent back.
import { fail } from '@sveltejs/kit';
import {
  createLiveTemplateRequest,
  rescheduleLiveInterviewRequest,
  scheduleLiveInterviewRequest,
} from '@candor/contracts';
import { ApiError } from '#lib/server/http.ts';
import { issuesToFieldErrors, text, toFieldErrors, type FieldErrors } from '#lib/server/forms.ts';
import { checkStart } from '#lib/zoned-time.ts';
import type { PersonValues, ScheduleFormValues, StartValues, TemplateFormValues } from '#lib/components/live/forms.ts';

/**
 * People arrive as repeated `<prefix>Name` / `<prefix>Email` fields, one pair per row, so the form
 * works without JavaScript. Rows left blank are the spare ones: dropped before validating, so the
 * error of row 2 is the error of the second row shown again.
 */
export function readPeople(form: FormData, prefix: string): PersonValues[] {
  const strings = (name: string) => form.getAll(name).map((value) => (typeof value === 'string' ? value : ''));
  const names = strings(`${prefix}Name`);
  const emails = strings(`${prefix}Email`);
  return Array.from({ length: Math.max(names.length, emails.length) }, (_, index) => ({
    name: names[index] ?? '',
    email: emails[index] ?? '',
  })).filter((person) => person.name.trim() !== '' || person.email.trim() !== '');
}

export function readTemplateForm(form: FormData): TemplateFormValues {
  return {
    name: text(form, 'name'),
    durationMinutes: text(form, 'durationMinutes'),
    instructions: text(form, 'instructions'),
    recordable: form.get('recordable') !== null,
    defaultInterviewers: readPeople(form, 'interviewer'),
  };
}

export function readStart(form: FormData): StartValues {
  return { date: text(form, 'date'), time: text(form, 'time'), timeZone: text(form, 'timeZone') };
}

export function readScheduleForm(form: FormData): ScheduleFormValues {
  return {
    candidateName: text(form, 'candidateName'),
    candidateEmail: text(form, 'candidateEmail'),
    ...readStart(form),
    guestInterviewers: readPeople(form, 'guest'),
  };
}

export function validateTemplateForm(values: TemplateFormValues) {
  const minutes = values.durationMinutes.trim();
  const parsed = createLiveTemplateRequest.safeParse({
    ...values,
    // an empty or non-numeric field is "not a number of minutes", not zero
    durationMinutes: /^-?\d+(\.\d+)?$/.test(minutes) ? Number(minutes) : undefined,
  });
  if (parsed.success) return { ok: true, request: parsed.data } as const;
  return {
    ok: false,
    failure: fail(400, { template: { values, errors: issuesToFieldErrors(parsed.error.issues) } }),
  } as const;
}

/** The contract names the start `startsAt`; the form shows its message under the date. */
function withStartErrors(errors: FieldErrors): FieldErrors {
  const { startsAt, ...rest } = errors;
  return startsAt && !rest.date ? { ...rest, date: startsAt } : rest;
}

/** The contract's issues and the start's own; a start the form could not even put together says only why. */
function formErrors(
  issues: Parameters<typeof issuesToFieldErrors>[0],
  start: ReturnType<typeof checkStart>,
): FieldErrors {
  const fromContract = issuesToFieldErrors(issues);
  if (start.startsAt === null) delete fromContract.startsAt;
  return { ...withStartErrors(fromContract), ...start.errors };
}

export function validateScheduleForm(templateId: string, values: ScheduleFormValues, now: number) {
  const start = checkStart(values, now);
  const parsed = scheduleLiveInterviewRequest.safeParse({
    templateId,
    candidateName: values.candidateName,
    candidateEmail: values.candidateEmail,
    startsAt: start.startsAt ?? '',
    timeZone: values.timeZone,
    guestInterviewers: values.guestInterviewers,
  });
  const errors = formErrors(parsed.success ? [] : parsed.error.issues, start);
  if (parsed.success && Object.keys(errors).length === 0) {
    return { ok: true, request: parsed.data } as const;
  }
  return { ok: false, failure: fail(400, { schedule: { values, errors } }) } as const;
}

export function validateRescheduleForm(interviewId: string, values: StartValues, now: number) {
  const start = checkStart(values, now);
  const parsed = rescheduleLiveInterviewRequest.safeParse({
    startsAt: start.startsAt ?? '',
    timeZone: values.timeZone,
  });
  const errors = formErrors(parsed.success ? [] : parsed.error.issues, start);
  if (parsed.success && Object.keys(errors).length === 0) {
    return { ok: true, request: parsed.data } as const;
  }
  return { ok: false, failure: fail(400, { reschedule: { interviewId, values, errors } }) } as const;
}

/**
 * A service's 4xx about a form goes back beside its fields (or above the form when it names none);
 * a 401 (the session's), a 404 (the page's) and a 5xx are not the form's to show.
 */
export function refusal(cause: unknown): { status: number; errors: FieldErrors } {
  if (!(cause instanceof ApiError) || cause.status === 401 || cause.status === 404) throw cause;
  if (cause.status >= 500) {
    return { status: 503, errors: { '': 'This is not possible right now. Please try again shortly.' } };
  }
  const errors = withStartErrors(toFieldErrors(cause.fieldErrors));
  // the template is the page's, not a field of the form
  if (errors.templateId) errors[''] ??= errors.templateId;
  delete errors.templateId;
  if (Object.keys(errors).length === 0) errors[''] = cause.detail ?? cause.title;
  return { status: cause.status, errors };
}
