// The built-in analyser's reading of one answer: the signals it measures and the 1–5 score they add
// up to. Every signal is something a recruiter can check in the text; none is a judgement of the
// person. Sentiment is deliberately not a signal: wink-nlp rates a good problem-solving story
// ("we fixed a critical outage") as negative, which would punish exactly the answers we want.
import { contentStemsOf, readSentences, type Sentence } from './english';

export const thresholds = {
  /** fewer words than this is a very short answer */
  shortAnswerWords: 15,
  /** this many words or more is an elaborated answer */
  elaboratedWords: 50,
  /** an answer needs this many content words before it can be called off-topic */
  offTopicMinTerms: 3,
  /** shared content words with the role (title + description) that make an answer relevant */
  roleTermsForRelevance: 2,
} as const;

export interface AnswerReading {
  sentences: Sentence[];
  wordCount: number;
  /** words of the answer that also appear in the question (first) or the role, one per stem */
  sharedTerms: string[];
  relevance: 'relevant' | 'off-topic' | 'unclear';
  /** figures, dates, names or an example marker somewhere in the answer */
  concrete: boolean;
  /** "I/we" + an action verb somewhere in the answer */
  firstHand: boolean;
  /** every hedge found, in order */
  hedges: string[];
  /** hedges that colour the answer, not one "I think" in a long answer */
  hedging: boolean;
  short: boolean;
  elaborated: boolean;
  score: number;
}

/** The content-word stems of the role, shared by every answer of one interview. */
export function roleStemsOf(jobTitle: string, jobDescription: string): Set<string> {
  return contentStemsOf(`${jobTitle}\n${jobDescription}`);
}

export function readAnswer(question: string, answer: string, roleStems: Set<string>): AnswerReading {
  const sentences = readSentences(answer);
  const questionStems = contentStemsOf(question);
  const terms = sentences.flatMap((sentence) => sentence.terms);
  const sharedWithQuestion = terms.filter((term) => questionStems.has(term.stem));
  const sharedWithRole = terms.filter((term) => roleStems.has(term.stem));
  // One word per stem, as the candidate first wrote it ("deploys", not also "deployed").
  const wordOfStem = new Map<string, string>();
  for (const term of [...sharedWithQuestion, ...sharedWithRole]) {
    if (!wordOfStem.has(term.stem)) wordOfStem.set(term.stem, term.word);
  }
  const sharedTerms = [...wordOfStem.values()];

  const comparable = questionStems.size + roleStems.size > 0 && terms.length >= thresholds.offTopicMinTerms;
  const relevance =
    sharedWithQuestion.length > 0 || distinct(sharedWithRole) >= thresholds.roleTermsForRelevance
      ? 'relevant'
      : comparable && sharedWithRole.length === 0
        ? 'off-topic'
        : 'unclear';

  const wordCount = sentences.reduce((sum, sentence) => sum + sentence.wordCount, 0);
  const hedges = sentences.flatMap((sentence) => sentence.hedges);
  const hedgedSentences = sentences.filter((sentence) => sentence.hedges.length > 0).length;
  const reading = {
    sentences,
    wordCount,
    sharedTerms,
    relevance,
    concrete: sentences.some(
      (sentence) =>
        sentence.figures.length + sentence.dates.length + sentence.names.length + sentence.exampleMarkers.length > 0,
    ),
    firstHand: sentences.some((sentence) => sentence.firstPersonAction),
    hedges,
    // Two hedges, in at least a third of the sentences.
    hedging: hedges.length >= 2 && hedgedSentences * 3 >= sentences.length,
    short: wordCount < thresholds.shortAnswerWords,
    elaborated: wordCount >= thresholds.elaboratedWords,
  } satisfies Omit<AnswerReading, 'score'>;
  return { ...reading, score: scoreOf(reading) };
}

// One point for answering, one per signal present, one off for hedging; a very short or off-topic
// answer cannot score above 2 whatever else it shows.
function scoreOf(reading: Omit<AnswerReading, 'score'>): number {
  const points =
    1 +
    Number(!reading.short) +
    Number(reading.elaborated) +
    Number(reading.relevance === 'relevant') +
    Number(reading.concrete) +
    Number(reading.firstHand) -
    Number(reading.hedging);
  const cap = reading.short || reading.relevance === 'off-topic' ? 2 : 5;
  return Math.max(1, Math.min(cap, points));
}

function distinct(terms: { stem: string }[]): number {
  return new Set(terms.map((term) => term.stem)).size;
}
