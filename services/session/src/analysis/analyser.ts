// What every interview analyser is: the input it reads (one completed session's job and answers)
// and the one method it offers. The built-in and the LLM analyser both pass test/analyser-contract.ts.
import type { Analysis } from '@candor/contracts';

export interface AnalysisInput {
  jobTitle: string;
  jobDescription: string;
  questions: { id: string; text: string; answer: string | null }[];
}

export interface Analyser {
  readonly kind: 'builtin' | 'llm';
  /** human readable, shown on the page ("which analyser produced it") */
  readonly name: string;
  readonly version: string;
  /**
   * Never mutates input; rejects with an Error on failure (the caller shows a message; the page
   * never breaks). producedAt is set by the analyser from its `now` option.
   */
  analyse(input: AnalysisInput, options?: { signal?: AbortSignal }): Promise<Analysis>;
}

/** The assessment every analyser gives a question the candidate left blank. */
export const unansweredAssessment = { assessment: 'No answer was given.', score: 1 } as const;

/** A blank answer counts as no answer: there is nothing to assess or quote. */
export function isAnswered(answer: string | null): answer is string {
  return answer !== null && answer.trim() !== '';
}

export function identityOf(analyser: Pick<Analyser, 'kind' | 'name' | 'version'>): Analysis['analyser'] {
  return { kind: analyser.kind, name: analyser.name, version: analyser.version };
}
