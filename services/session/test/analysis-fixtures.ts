// Sample interviews for the analyser tests: one with a strong, a vague, an off-topic, a very short
// and a missing answer.
import type { AnalysisInput } from '../src/analysis/analyser';

export const performanceQuestion = 'Describe a time you improved the performance of a system.';

export const strongAnswer = [
  'At my last job I led the migration of our billing API to Kubernetes in 2021.',
  'Before that, deploys took 40 minutes and p95 latency was 900 ms.',
  'I profiled the PostgreSQL queries, added two indexes and a Redis cache, and we cut p95 latency to 120 ms.',
  'For example, the invoice list went from 3 seconds to 200 ms.',
].join(' ');

export const vagueAnswer =
  "I think maybe I would try to make the system faster, I'm not sure. Probably some caching or stuff like that, I guess it depends.";

export const offTopicAnswer =
  'My favourite holiday was a trip to the mountains with my family; we hiked every day and ate great food.';

export const interview: AnalysisInput = {
  jobTitle: 'Senior backend engineer',
  jobDescription:
    'Build and operate the payment APIs in Node.js and PostgreSQL. Own performance, reliability and deployments on Kubernetes.',
  questions: [
    { id: 'q1', text: performanceQuestion, answer: strongAnswer },
    { id: 'q2', text: 'How do you make sure a payment is never charged twice?', answer: offTopicAnswer },
    { id: 'q3', text: 'What would you do in your first month?', answer: null },
    { id: 'q4', text: 'Why this role?', answer: 'Good pay.' },
    {
      id: 'q5',
      text: 'How do you review code?',
      // Line breaks and a list, as candidates type them.
      answer:
        'I look for three things:\n- tests that fail without the change\n-   clear names\n\nThen I run it locally.',
    },
  ],
};

/** Every question left blank, one of them with only spaces. */
export const blankInterview: AnalysisInput = {
  ...interview,
  questions: interview.questions.map((question, index) => ({ ...question, answer: index === 0 ? '   ' : null })),
};
