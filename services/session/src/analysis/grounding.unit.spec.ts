import type { Analysis } from '@candor/contracts';
import type { AnalysisInput } from './analyser';
import { keepGroundedPoints, locateQuote } from './grounding';

const input: AnalysisInput = {
  jobTitle: 'Engineer',
  jobDescription: '',
  questions: [
    {
      id: 'q1',
      text: 'Tell us about a hard bug.',
      answer: 'We lost orders.\nI traced it to a race   in the queue consumer.',
    },
    { id: 'q2', text: 'Why us?', answer: null },
  ],
};
const base: Analysis = {
  analyser: { kind: 'llm', name: 'LLM test', version: '1' },
  answers: [
    { questionId: 'q1', assessment: 'Good.', score: 4 },
    { questionId: 'q2', assessment: 'No answer was given.', score: 1 },
  ],
  summary: '',
  strengths: [],
  concerns: [],
  suggestedScore: 3,
  producedAt: '2026-01-01T00:00:00.000Z',
};

describe('keepGroundedPoints', () => {
  it('keeps a verbatim quote and one that differs only in whitespace, as the answer has it', () => {
    const grounded = keepGroundedPoints(
      {
        ...base,
        strengths: [
          { point: 'Owns the problem', questionId: 'q1', quote: 'We lost orders.' },
          { point: 'Finds the cause', questionId: 'q1', quote: ' I traced it to a race in the queue consumer. ' },
        ],
      },
      input,
    );
    expect(grounded.strengths.map((point) => point.quote)).toEqual([
      'We lost orders.',
      'I traced it to a race   in the queue consumer.',
    ]);
  });

  it('drops invented, paraphrased, blank and misattributed quotes', () => {
    const grounded = keepGroundedPoints(
      {
        ...base,
        strengths: [{ point: 'Invented', questionId: 'q1', quote: 'I led a team of ten.' }],
        concerns: [
          { point: 'Paraphrased', questionId: 'q1', quote: 'we lost some orders' },
          { point: 'Blank', questionId: 'q1', quote: '  ' },
          { point: 'Unanswered question', questionId: 'q2', quote: 'We lost orders.' },
          { point: 'Unknown question', questionId: 'q9', quote: 'We lost orders.' },
        ],
      },
      input,
    );
    expect(grounded.strengths).toEqual([]);
    expect(grounded.concerns).toEqual([]);
  });

  it('drops answers for unknown questions and repeats, and leaves the rest as it was', () => {
    const analysis = {
      ...base,
      answers: [
        ...base.answers,
        { questionId: 'q9', assessment: 'Made up.', score: 5 },
        { ...base.answers[0]!, score: 1 },
      ],
    };
    const grounded = keepGroundedPoints(analysis, input);
    expect(grounded.answers).toEqual(base.answers);
    expect({ ...grounded, answers: analysis.answers }).toEqual(analysis);
  });

  it('locates quotes with regular-expression characters literally', () => {
    expect(locateQuote('Cost fell by $2.5k (about 30%)?', '$2.5k (about 30%)?')).toBe('$2.5k (about 30%)?');
    expect(locateQuote('Cost fell by $2.5k', '$2x5k')).toBeNull();
  });
});
