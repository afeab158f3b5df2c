// Grounding: every strength and concern must quote the answer it rests on, so a recruiter can check
// it. Quotes are matched verbatim after whitespace normalisation (a model may re-wrap lines) and
// then replaced by the exact text of the answer, so what the page shows is always in the answer.
import type { Analysis, AnalysisPoint } from '@candor/contracts';
import { isAnswered, type AnalysisInput } from './analyser';

/**
 * Drops strengths/concerns whose quote is not verbatim (after whitespace normalisation) inside the
 * answer of their questionId, and answers for unknown questions (or repeated ones: the first stays).
 */
export function keepGroundedPoints(analysis: Analysis, input: AnalysisInput): Analysis {
  const answers = new Map(input.questions.map((question) => [question.id, question.answer]));
  const ground = (point: AnalysisPoint): AnalysisPoint[] => {
    const answer = answers.get(point.questionId);
    if (answer === undefined || !isAnswered(answer)) return [];
    const quote = locateQuote(answer, point.quote);
    return quote === null ? [] : [{ ...point, quote }];
  };
  const assessed = new Set<string>();
  return {
    ...analysis,
    answers: analysis.answers.filter((entry) => {
      if (!answers.has(entry.questionId) || assessed.has(entry.questionId)) return false;
      assessed.add(entry.questionId);
      return true;
    }),
    strengths: analysis.strengths.flatMap(ground),
    concerns: analysis.concerns.flatMap(ground),
  };
}

/**
 * The text of `answer` that `quote` stands for: equal up to runs of whitespace. Null when the quote
 * is blank or not in the answer.
 */
export function locateQuote(answer: string, quote: string): string | null {
  const words = quote.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const pattern = new RegExp(words.map(escapeRegExp).join('\\s+'));
  return pattern.exec(answer)?.[0] ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
