import type { AnalysisInput } from './analyser';
import { analyserContract } from '../../test/analyser-contract';
import { interview, offTopicAnswer, performanceQuestion, strongAnswer, vagueAnswer } from '../../test/analysis-fixtures';
import { createBuiltinAnalyser } from './builtin-analyser';

analyserContract('built-in analyser', (now) => createBuiltinAnalyser({ now }), { deterministic: true });

const oneQuestion = (answer: string): AnalysisInput => ({
  ...interview,
  questions: [{ id: 'q1', text: performanceQuestion, answer }],
});
const analyse = (input: AnalysisInput) => createBuiltinAnalyser().analyse(input);

describe('built-in analyser', () => {
  it('scores a concrete answer higher than a vague, hedging one to the same question', async () => {
    const strong = await analyse(oneQuestion(strongAnswer));
    const vague = await analyse(oneQuestion(vagueAnswer));
    expect(strong.answers[0]!.score).toBeGreaterThan(vague.answers[0]!.score);
    expect(strong.suggestedScore).toBeGreaterThan(vague.suggestedScore);
  });

  it('quotes the sentence with a measurable result of their own work as a strength', async () => {
    const { strengths } = await analyse(oneQuestion(strongAnswer));
    expect(strengths).toContainEqual({
      point: expect.stringMatching(/measurable result/),
      questionId: 'q1',
      quote: expect.stringContaining('we cut p95 latency to 120 ms'),
    });
  });

  it('quotes the hedging sentence of a vague answer as a concern', async () => {
    const { concerns, strengths } = await analyse(oneQuestion(vagueAnswer));
    expect(strengths).toEqual([]);
    expect(concerns).toContainEqual({
      point: expect.stringMatching(/unsure.*"maybe"/i),
      questionId: 'q1',
      quote: "I think maybe I would try to make the system faster, I'm not sure.",
    });
  });

  it('raises a relevance concern for an answer that has nothing to do with the question', async () => {
    const result = await analyse(oneQuestion(offTopicAnswer));
    expect(result.concerns).toContainEqual({
      point: expect.stringMatching(/may not address the question/),
      questionId: 'q1',
      quote: offTopicAnswer,
    });
    expect(result.answers[0]!.score).toBeLessThanOrEqual(2);
  });

  it('quotes a very short answer whole', async () => {
    const result = await analyse(oneQuestion('  Good pay.\n'));
    expect(result.concerns).toContainEqual({
      point: 'Very short answer (2 words)',
      questionId: 'q1',
      quote: 'Good pay.',
    });
    expect(result.answers[0]!.score).toBeLessThanOrEqual(2);
  });

  it('explains each score by the signals it saw', async () => {
    const { answers } = await analyse(oneQuestion(strongAnswer));
    expect(answers[0]!.assessment).toMatch(/on topic \(mentions .*kubernetes/i);
    expect(answers[0]!.assessment).toMatch(/figures/);
    expect(answers[0]!.assessment).toMatch(/describes their own actions/);
  });

  it('reads as advice, not a decision', async () => {
    const { summary } = await analyse(interview);
    expect(summary).toMatch(/not a verdict/);
    expect(summary).not.toMatch(/\b(hire|reject)\b/i);
  });

  it('analyses an interview without questions', async () => {
    const result = await analyse({ ...interview, questions: [] });
    expect(result).toMatchObject({ answers: [], strengths: [], concerns: [], suggestedScore: 1 });
  });
});
