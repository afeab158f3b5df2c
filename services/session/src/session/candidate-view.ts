// What the candidate's page shows of a session: the job, the questions with their saved answers,
// and where to resume. Never the email, the link or the analysis.
import type { CandidateSessionView } from '@candor/contracts';
import type { ExistingSession } from './session';

export function candidateView(session: ExistingSession): CandidateSessionView {
  const next = session.questions.findIndex((question) => question.answer === null);
  return {
    sessionId: session.id,
    jobTitle: session.jobTitle,
    jobDescription: session.jobDescription,
    candidateName: session.candidateName,
    status: session.status,
    questions: session.questions.map(({ id, text, answer }) => ({ id, text, answer })),
    nextQuestionIndex: next === -1 ? session.questions.length : next,
  };
}
