// The contract every analyser passes (built-in and LLM): what the session service and the analysis
// page rely on, whatever produced the analysis.
import { analysis } from '@candor/contracts';
import type { Analyser, AnalysisInput } from '../src/analysis/analyser';
import { blankInterview, interview } from './analysis-fixtures';

const producedAt = new Date('2026-03-01T09:30:00.000Z');

export function analyserContract(
  name: string,
  makeAnalyser: (now: () => Date) => Analyser,
  options: { deterministic?: boolean } = {},
): void {
  describe(`${name} (analyser contract)`, () => {
    const analyse = (input: AnalysisInput = interview) => makeAnalyser(() => producedAt).analyse(input);

    it('produces an analysis that validates against the contract, with its identity and time', async () => {
      const analyser = makeAnalyser(() => producedAt);
      const result = await analyser.analyse(interview);
      expect(analysis.parse(result)).toEqual(result);
      expect(result.analyser).toEqual({ kind: analyser.kind, name: analyser.name, version: analyser.version });
      expect(result.producedAt).toBe(producedAt.toISOString());
      expect(result.summary.trim()).not.toBe('');
    });

    it('assesses every question once, in the interview order', async () => {
      const result = await analyse();
      expect(result.answers.map((entry) => entry.questionId)).toEqual(
        interview.questions.map((question) => question.id),
      );
      for (const entry of result.answers) expect(entry.assessment.trim()).not.toBe('');
    });

    it('quotes, in every strength and concern, text that is in the answer of its question', async () => {
      const result = await analyse();
      const answers = new Map(interview.questions.map((question) => [question.id, question.answer]));
      expect(result.strengths.length + result.concerns.length).toBeGreaterThan(0);
      for (const point of [...result.strengths, ...result.concerns]) {
        expect(point.point.trim()).not.toBe('');
        expect(point.quote.trim()).not.toBe('');
        expect(answers.get(point.questionId)).toContain(point.quote);
      }
    });

    it('says an unanswered question was not answered and scores it 1', async () => {
      const result = await analyse();
      expect(result.answers.find((entry) => entry.questionId === 'q3')).toEqual({
        questionId: 'q3',
        assessment: expect.stringMatching(/no answer/i),
        score: 1,
      });
    });

    it('handles an interview with no answers at all', async () => {
      const result = await analyse(blankInterview);
      expect(analysis.safeParse(result).success).toBe(true);
      expect(result.answers.every((entry) => entry.score === 1 && /no answer/i.test(entry.assessment))).toBe(true);
      expect([...result.strengths, ...result.concerns]).toEqual([]);
      expect(result.suggestedScore).toBe(1);
    });

    it('keeps every score within 1–5', async () => {
      const result = await analyse();
      for (const score of [result.suggestedScore, ...result.answers.map((entry) => entry.score)]) {
        expect(Number.isInteger(score) && score >= 1 && score <= 5).toBe(true);
      }
    });

    it('leaves its input as it was', async () => {
      const input = structuredClone(interview);
      await analyse(input);
      expect(input).toEqual(interview);
    });

    it('rejects with an Error when already cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(makeAnalyser(() => producedAt).analyse(interview, { signal: controller.signal })).rejects.toThrow(
        /cancelled/,
      );
    });

    if (options.deterministic) {
      it('gives the same analysis for the same input', async () => {
        expect(await analyse()).toEqual(await analyse());
        expect(await analyse()).toEqual(await makeAnalyser(() => producedAt).analyse(structuredClone(interview)));
      });
    }
  });
}
