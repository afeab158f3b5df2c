// The candidate's interview: welcome → one question at a time → submitted. Every load and every
// action is one call to the session service with the link (asCandidate), which opens it again, so a
// revoked or expired link stops at the next click.
// Forms are plain POSTs that redirect back here, so the flow works without JavaScript.
import { fail, redirect } from '@sveltejs/kit';
import { saveAnswerRequest, sessionLimits } from '@candor/contracts';
import { questionToShow } from '#lib/candidate-flow.ts';
import { asCandidate, candidateError } from '#lib/server/candidate.ts';
import { text } from '#lib/server/forms.ts';
import { ApiError } from '#lib/server/http.ts';
import {
  getCandidateSession,
  saveCandidateAnswer,
  startCandidateSession,
  submitCandidateSession,
  type CandidateCall,
} from '#lib/server/session-service.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  let view;
  try {
    view = await asCandidate(event, getCandidateSession);
  } catch (cause) {
    candidateError(cause);
  }

  const questionCount = view.questions.length;
  const index = questionToShow(event.url.searchParams.get('q'), view.nextQuestionIndex, questionCount);
  const question = view.status === 'in_progress' ? view.questions[index] : undefined;
  return {
    status: view.status,
    jobTitle: view.jobTitle,
    jobDescription: view.jobDescription,
    candidateName: view.candidateName,
    questionCount,
    // only the question on screen goes to the browser
    question: question ? { index, id: question.id, text: question.text, answer: question.answer ?? '' } : null,
    answerLimit: sessionLimits.answerText,
  };
};

interface AnswerForm {
  questionId: string;
  index: number;
  answer: string;
}

async function readAnswerForm(event: RequestEvent): Promise<AnswerForm> {
  const form = await event.request.formData();
  const index = Number(text(form, 'index'));
  return {
    questionId: text(form, 'questionId'),
    index: Number.isInteger(index) && index >= 0 ? index : 0,
    answer: text(form, 'answer'),
  };
}

/** The answer back to its field, with what was typed. */
function refusedAnswer(status: number, form: AnswerForm, error: string) {
  return fail(status, { ...form, error });
}

/**
 * Saves the answer on screen. `null` when saved; a failure for the form when refused. A 409 means
 * the interview moved on (submitted in another tab): the page shows where it is.
 */
async function saveAnswer(event: RequestEvent, candidate: CandidateCall, form: AnswerForm) {
  const parsed = saveAnswerRequest.safeParse({ text: form.answer });
  if (!parsed.success)
    return refusedAnswer(400, form, sentence(parsed.error.issues[0]?.message ?? 'This answer cannot be saved'));
  try {
    await saveCandidateAnswer(candidate, form.questionId, parsed.data.text);
    return null;
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 409) redirect(303, event.url.pathname);
    if (cause instanceof ApiError && (cause.status === 400 || cause.status === 422)) {
      return refusedAnswer(400, form, sentence(cause.fieldErrors[0]?.message ?? cause.detail ?? cause.title));
    }
    throw cause;
  }
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** Runs an action as the candidate; link problems and failures become the candidate's error page. */
async function asCandidateAction<T>(event: RequestEvent, call: (candidate: CandidateCall) => Promise<T>): Promise<T> {
  try {
    return await asCandidate(event, call);
  } catch (cause) {
    candidateError(cause);
  }
}

export const actions: Actions = {
  start: async (event) => {
    await asCandidateAction(event, async (candidate) => {
      try {
        await startCandidateSession(candidate);
      } catch (cause) {
        // started already (another tab, a double click): carry on where the interview is
        if (!(cause instanceof ApiError && cause.status === 409)) throw cause;
      }
    });
    redirect(303, event.url.pathname);
  },

  /** Saves the answer; the page then shows the first unanswered question. */
  next: async (event) => {
    const form = await readAnswerForm(event);
    const refused = await asCandidateAction(event, (candidate) => saveAnswer(event, candidate, form));
    if (refused) return refused;
    redirect(303, event.url.pathname);
  },

  /** Back one question, keeping what was typed here when there is something to keep. */
  previous: async (event) => {
    const form = await readAnswerForm(event);
    if (form.answer.trim() !== '') {
      const refused = await asCandidateAction(event, (candidate) => saveAnswer(event, candidate, form));
      if (refused) return refused;
    }
    redirect(303, `${event.url.pathname}?q=${Math.max(0, form.index - 1)}`);
  },

  /** Saves the last answer, then submits the interview. */
  submit: async (event) => {
    const form = await readAnswerForm(event);
    const refused = await asCandidateAction(event, async (candidate) => {
      const saveRefused = await saveAnswer(event, candidate, form);
      if (saveRefused) return saveRefused;
      try {
        await submitCandidateSession(candidate);
        return null;
      } catch (cause) {
        if (!(cause instanceof ApiError && cause.status === 409)) throw cause;
        // submitted already (another tab) is fine; otherwise say why, e.g. a question left unanswered
        const view = await getCandidateSession(candidate);
        if (view.status === 'completed') return null;
        return refusedAnswer(409, form, cause.detail ?? 'Please answer every question before you submit.');
      }
    });
    if (refused) return refused;
    redirect(303, event.url.pathname);
  },
};
