// What the built-in analyser says about its readings: an assessment per answer, strengths and
// concerns that each quote the sentence they rest on, and a summary. Observations only: the
// analysis guides a reviewer, it does not decide.
import type { AnalysisPoint } from '@candor/contracts';
import type { Sentence } from './english';
import type { AnswerReading } from './builtin-reading';

/** Strengths listed per answer, so one long answer cannot crowd out the others. */
const strengthsPerAnswer = 2;

export function assessmentOf(reading: AnswerReading): string {
  const parts: string[] = [];
  if (reading.relevance === 'relevant') parts.push(`on topic (mentions ${listed(reading.sharedTerms, 4)})`);
  if (reading.relevance === 'off-topic') parts.push('shares no key terms with the question or the role');
  const evidence = evidenceOf(reading.sentences);
  parts.push(evidence.length > 0 ? `concrete: ${evidence.join(', ')}` : 'no figures, dates, names or examples');
  if (reading.firstHand) parts.push('describes their own actions');
  if (reading.hedging) parts.push(`unsure wording (${quoted(reading.hedges, 3)})`);
  parts.push(
    `${reading.wordCount} ${reading.wordCount === 1 ? 'word' : 'words'}${
      reading.short ? ', very short' : reading.elaborated ? ', well elaborated' : ''
    }`,
  );
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export function strengthsOf(questionId: string, reading: AnswerReading): AnalysisPoint[] {
  if (reading.relevance === 'off-topic') return [];
  // In order of how much a recruiter can check: a measured change first, tone of voice last.
  const kinds: { shows: (sentence: Sentence) => boolean; point: (sentence: Sentence) => string }[] = [
    {
      // a result is a change (30%, from 40 to 8 minutes, saved 2 hours), not a size ("a team of 5")
      shows: (sentence) => sentence.outcomes.length > 0 && sentence.firstPersonAction,
      point: (sentence) => `States a measurable result of their own work (${listed(sentence.outcomes, 3)})`,
    },
    {
      shows: (sentence) => sentence.figures.length > 0,
      point: (sentence) => `Gives concrete figures (${listed(sentence.figures, 3)})`,
    },
    {
      shows: (sentence) => sentence.exampleMarkers.length > 0,
      point: () => 'Backs the answer with a concrete example',
    },
    { shows: (sentence) => sentence.firstPersonPastAction, point: () => 'Describes what they did themselves' },
    {
      shows: (sentence) => sentence.names.length > 0,
      point: (sentence) => `Names specific tools, products or organisations (${listed(sentence.names, 3)})`,
    },
  ];
  const points: AnalysisPoint[] = [];
  const used = new Set<string>();
  for (const kind of kinds) {
    if (points.length === strengthsPerAnswer) break;
    const sentence = reading.sentences.find((candidate) => kind.shows(candidate) && !used.has(candidate.text));
    if (!sentence) continue;
    used.add(sentence.text);
    points.push({ point: kind.point(sentence), questionId, quote: sentence.text });
  }
  return points;
}

export function concernsOf(questionId: string, answer: string, reading: AnswerReading): AnalysisPoint[] {
  const first = reading.sentences[0];
  if (!first) return [];
  const points: AnalysisPoint[] = [];
  if (reading.short) {
    points.push({ point: `Very short answer (${reading.wordCount} words)`, questionId, quote: answer.trim() });
  }
  if (reading.relevance === 'off-topic') {
    points.push({
      point: 'Shares no key terms with the question or the role: it may not address the question',
      questionId,
      quote: first.text,
    });
  }
  if (reading.hedging) {
    const mostHedged = reading.sentences.reduce((best, sentence) =>
      sentence.hedges.length > best.hedges.length ? sentence : best,
    );
    points.push({ point: `Sounds unsure (${quoted(mostHedged.hedges, 3)})`, questionId, quote: mostHedged.text });
  }
  if (!reading.short && evidenceOf(reading.sentences).length === 0 && !reading.firstHand) {
    const longest = reading.sentences.reduce((best, sentence) =>
      sentence.wordCount > best.wordCount ? sentence : best,
    );
    points.push({
      point: 'Stays general: no figures, dates, names, examples or first-hand actions',
      questionId,
      quote: longest.text,
    });
  }
  return points;
}

/** One reading per question, null where the question was not answered. */
export function summaryOf(readings: (AnswerReading | null)[]): string {
  const answered = readings.filter((reading) => reading !== null);
  const count = (test: (reading: AnswerReading) => boolean) => answered.filter(test).length;
  const lines = [`${answered.length} of ${counted(readings.length, 'question')} answered.`];
  if (answered.length > 0) {
    lines.push(
      `Concrete detail (figures, dates, names or examples) in ${count((reading) => reading.concrete)} of ${answered.length}.`,
    );
    const worries = [
      [count((reading) => reading.short), 'very short'],
      [count((reading) => reading.relevance === 'off-topic'), 'possibly off-topic'],
      [count((reading) => reading.hedging), 'with unsure wording'],
    ] as const;
    const mentioned = worries.filter(([times]) => times > 0).map(([times, what]) => `${times} ${what}`);
    if (mentioned.length > 0) lines.push(`Answers to look at: ${mentioned.join(', ')}.`);
    const strongest = readings.reduce<{ index: number; score: number }>(
      (best, reading, index) => (reading && reading.score > best.score ? { index, score: reading.score } : best),
      { index: -1, score: 0 },
    );
    lines.push(`Most developed answer: question ${strongest.index + 1}.`);
  }
  lines.push(
    'Read by the built-in heuristics (relevance, specificity, length, hedging): a guide for the reviewer, not a verdict.',
  );
  return lines.join(' ');
}

function evidenceOf(sentences: Sentence[]): string[] {
  return [
    sentences.some((sentence) => sentence.figures.length > 0) ? 'figures' : '',
    sentences.some((sentence) => sentence.dates.length > 0) ? 'dates' : '',
    sentences.some((sentence) => sentence.names.length > 0) ? 'names' : '',
    sentences.some((sentence) => sentence.exampleMarkers.length > 0) ? 'an example' : '',
  ].filter(Boolean);
}

function listed(words: string[], most: number): string {
  return [...new Set(words)].slice(0, most).join(', ');
}

function quoted(words: string[], most: number): string {
  return [...new Set(words)]
    .slice(0, most)
    .map((word) => `"${word}"`)
    .join(', ');
}

function counted(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
