// The built-in analyser: runs in the process, offline, with explainable heuristics (see
// builtin-reading.ts). The same input always gives the same analysis, apart from producedAt.
import type { Analysis } from '@candor/contracts';
import { identityOf, isAnswered, unansweredAssessment, type Analyser, type AnalysisInput } from './analyser';
import { readAnswer, roleStemsOf } from './builtin-reading';
import { assessmentOf, concernsOf, strengthsOf, summaryOf } from './builtin-wording';
import { keepGroundedPoints } from './grounding';

export function createBuiltinAnalyser(options: { now?: () => Date } = {}): Analyser {
  const now = options.now ?? (() => new Date());
  const analyser: Analyser = {
    kind: 'builtin',
    name: 'Candor built-in analyser (wink-nlp)',
    version: '1.0.0',
    async analyse(input, { signal } = {}) {
      if (signal?.aborted) throw new Error('The analysis was cancelled.');
      try {
        return keepGroundedPoints(
          { ...analyseAnswers(input), analyser: identityOf(analyser), producedAt: now().toISOString() },
          input,
        );
      } catch (error) {
        throw new Error(`The built-in analyser failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
  return analyser;
}

function analyseAnswers(input: AnalysisInput): Omit<Analysis, 'analyser' | 'producedAt'> {
  const roleStems = roleStemsOf(input.jobTitle, input.jobDescription);
  const read = input.questions.map((question) => ({
    question,
    reading: isAnswered(question.answer) ? readAnswer(question.text, question.answer, roleStems) : null,
  }));
  const scores = read.map(({ reading }) => reading?.score ?? unansweredAssessment.score);
  return {
    answers: read.map(({ question, reading }) =>
      reading
        ? { questionId: question.id, assessment: assessmentOf(reading), score: reading.score }
        : { questionId: question.id, ...unansweredAssessment },
    ),
    summary: summaryOf(read.map(({ reading }) => reading)),
    strengths: read.flatMap(({ question, reading }) => (reading ? strengthsOf(question.id, reading) : [])),
    concerns: read.flatMap(({ question, reading }) =>
      reading && question.answer !== null ? concernsOf(question.id, question.answer, reading) : [],
    ),
    // Unanswered questions count as 1: leaving most questions blank should show in the score.
    suggestedScore: scores.length === 0 ? 1 : Math.round(scores.reduce((sum, score) => sum + score, 0) / scores.length),
  };
}
