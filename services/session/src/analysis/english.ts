// Reading English text for the built-in analyser, with wink-nlp and its English model (both ship
// with the npm packages: nothing is fetched at run time). A text becomes sentences, each with the
// features the heuristics look at and its exact text in the original, so it can be quoted.
import winkNLP, { type Detail, type ItemSentence, type ItsFunction, type Tokens, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { locateQuote } from './grounding';

export interface Term {
  stem: string;
  word: string;
}

export interface Sentence {
  /** verbatim from the text */
  text: string;
  /** words and numbers, not punctuation */
  wordCount: number;
  /** content words (nouns, verbs, adjectives, proper nouns) with their Porter stems, lower case */
  terms: Term[];
  /** figures written with digits: numbers, amounts, percentages, durations, times */
  figures: string[];
  /**
   * The figures that state a change, i.e. an outcome: a percentage or a multiple ("30%", "3x"), or any
   * figure of a sentence that says something changed ("cut", "reduced", "saved", "grew", "from … to",
   * "before … after"), except those counting people ("a team of 5", "12 engineers").
   */
  outcomes: string[];
  /** dates written with digits ("in 2021", "March 2020") */
  dates: string[];
  /** capitalised proper nouns other than the first word (which is capitalised anyway), as written */
  names: string[];
  /** "for example", "such as", … */
  exampleMarkers: string[];
  /** "I …" / "we …" followed by an action verb (not think/guess/know …) */
  firstPersonAction: boolean;
  /** the same, with the verb in the past tense: something they did */
  firstPersonPastAction: boolean;
  /** "maybe", "not sure", "I guess", "stuff like that", … */
  hedges: string[];
}

// Words too common in interview questions to say anything about relevance ("Tell us about a time…").
const genericLemmas = new Set(
  [
    'be have do get make go tell describe explain give share walk talk say think know want like',
    'time thing way lot example question answer experience situation',
  ]
    .join(' ')
    .split(' '),
);
const contentTags = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ']);
const figureEntities = new Set(['CARDINAL', 'PERCENT', 'MONEY', 'DURATION', 'TIME']);
// Verbs after "I" that report a state of mind rather than something done.
const mentalVerbs = new Set('think guess know suppose believe feel hope want like wish mean'.split(' '));
// "I would try", "we could add", "I will": plans and hypotheticals, not something done.
const modals = new Set(['would', "'d", 'could', 'should', 'might', 'may', 'can', 'will', "'ll", 'shall', 'must']);
const exampleMarkers = [
  /\bfor (?:example|instance)\b/,
  /\be\.g\./,
  /\bsuch as\b/,
  /\bin one (?:case|project)\b/,
  /\bone time\b/,
  /\bat my (?:last|previous|current) (?:job|role|company|team|employer)\b/,
];
const hedgeMarkers = [
  /\bi think\b/,
  /\bmaybe\b/,
  /\bperhaps\b/,
  /\bprobably\b/,
  /\bpossibly\b/,
  /\bnot (?:really |too |very |entirely )?sure\b/,
  /\bi guess\b/,
  /\bi suppose\b/,
  /\bi (?:don't|do not) (?:really )?know\b/,
  /\bkind of\b/,
  /\bsort of\b/,
  /\bhopefully\b/,
  /\bsomewhat\b/,
  /\bstuff like that\b/,
  /\bthings like that\b/,
  /\band so on\b/,
  /\bwhatever\b/,
];

// Words saying that something changed: with a figure, the figure is a result, not a size.
const changeCues = [
  /\b(?:cut|cuts|cutting|slash(?:ed|es|ing)?|trimm?(?:ed|ing)?|halv(?:ed|ing)|shr[ai]nk|shrunk|shrinking)\b/,
  /\b(?:reduc|decreas|increas|improv|lower|rais|doubl|tripl|boost|shorten|accelerat)\w*/,
  /\b(?:sav(?:e|ed|es|ing)|grew|grow(?:s|n|ing)?|dropp?(?:ed|ing)?|fell|rose|sped up|speed(?:ed|ing)? up)\b/,
  /\b(?:went|gone|came|brought|got) (?:down |up )?from\b/,
  /\b(?:down|up) from\b/,
  /\bfrom [^.;]*\d[^.;]* to [^.;]*\d/,
  /\bbefore\b[^.]*\bafter\b/,
  /\b(?:faster|slower|fewer|cheaper|quicker)\b/,
];
// A figure that counts people is a size of a team, not a result ("a team of 5", "12 engineers").
const peopleNouns =
  'people|persons?|engineers?|developers?|devs|members?|reports|colleagues|interns?|designers?|testers?|staff|employees?|teammates?|contractors?|analysts?|managers?|folks|hires?|recruits?';
const countedPeople = new RegExp(`^\\s*(?:[a-z-]+\\s+)?(?:${peopleNouns})\\b`);
const groupOf = /\b(?:team|group|squad|crew|department|org|organisation|organization) of (?:about |around |over |nearly )?$/;
// "30%", "30 percent", "3x", "10×": a change on their own.
const relativeFigure = /(?:%|\bper ?cent\b|^\d+(?:\.\d+)?\s*[x×]$)/;

let language: WinkMethods | undefined;

// Building the pipeline takes about 150 ms: do it on first use, not when the service imports this.
function english(): WinkMethods {
  language ??= winkNLP(model);
  return language;
}

/** The sentences of a text, line breaks counting as sentence ends (lists, short lines). */
export function readSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let cursor = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const doc = english().readDoc(line);
    doc.sentences().each((sentence: ItemSentence) => {
      const found = locate(text, sentence.out().trim(), cursor);
      if (found === null) return;
      cursor = found.end;
      sentences.push(describe(found.text, sentence));
    });
  }
  return sentences;
}

/** Content-word stems of a text (question, job title and description), for relevance. */
export function contentStemsOf(text: string): Set<string> {
  return new Set(readSentences(text).flatMap((sentence) => sentence.terms.map((term) => term.stem)));
}

// One property of every token, e.g. its part of speech (wink-nlp's typings cannot say which type).
function column<T>(tokens: Tokens, property: (...args: never[]) => T): T[] {
  return tokens.out(property as unknown as ItsFunction<T>) as T[];
}

function describe(text: string, sentence: ItemSentence): Sentence {
  const its = english().its;
  const tokens = sentence.tokens();
  const types = column(tokens, its.type);
  const tags = column(tokens, its.pos);
  const values = column(tokens, its.value);
  const normals = column(tokens, its.normal);
  const lemmas = column(tokens, its.lemma);
  const stems = column(tokens, its.stem);
  const stopWords = column(tokens, its.stopWordFlag);
  const entities = sentence.entities().out(its.detail as unknown as ItsFunction<Detail>) as Detail[];
  const lower = text.toLowerCase().replace(/[‘’]/g, "'");

  const terms: Term[] = [];
  const names: string[] = [];
  types.forEach((type, index) => {
    const lemma = lemmas[index] ?? '';
    const tag = tags[index] ?? '';
    if (type === 'word' && contentTags.has(tag) && !stopWords[index] && lemma.length > 1 && !genericLemmas.has(lemma)) {
      terms.push({ stem: stems[index] ?? lemma, word: normals[index] ?? lemma });
    }
    const value = values[index] ?? '';
    // Capitalised and not first: the model tags some lower-case words and contractions ("I'm") PROPN.
    if (tag === 'PROPN' && index > 0 && /^\p{Lu}/u.test(value) && !/['’]/.test(value) && value !== 'I') {
      names.push(value);
    }
  });
  // Only what is written with digits: "every day" or "one of the things" gives nothing to check.
  const withDigits = entities.filter((entity) => /\d/.test(entity.value));
  const figures = withDigits.filter((entity) => figureEntities.has(entity.type)).map((entity) => entity.value);
  const dates = withDigits.filter((entity) => entity.type === 'DATE').map((entity) => entity.value);
  types.forEach((type, index) => {
    const value = values[index] ?? '';
    if (type === 'number' && !withDigits.some((entity) => entity.value.includes(value))) figures.push(value);
  });
  const action = firstPersonVerb(tags, normals, lemmas);
  return {
    text,
    wordCount: types.filter((type) => type === 'word' || type === 'number').length,
    terms,
    figures,
    outcomes: outcomesOf(lower, figures),
    dates,
    names,
    exampleMarkers: matches(lower, exampleMarkers),
    firstPersonAction: action !== null,
    firstPersonPastAction: action?.past ?? false,
    hedges: matches(lower, hedgeMarkers),
  };
}

// "I/we" then, after at most two auxiliaries or adverbs ("we have", "I then"), an action verb.
function firstPersonVerb(tags: string[], normals: string[], lemmas: string[]): { past: boolean } | null {
  for (let index = 0; index < tags.length; index++) {
    if (normals[index] !== 'i' && normals[index] !== 'we') continue;
    for (let next = index + 1; next <= index + 3 && next < tags.length; next++) {
      const tag = tags[next];
      const normal = normals[next] ?? '';
      const lemma = lemmas[next] ?? '';
      if (tag === 'VERB' && !mentalVerbs.has(lemma)) {
        // The lite model has no tense tag: a form that differs from its lemma and is not -ing or -s is past.
        return { past: normal !== lemma && !/(?:ing|s)$/.test(normal) };
      }
      if (modals.has(normal) || (tag !== 'AUX' && tag !== 'ADV' && tag !== 'PART')) break;
    }
  }
  return null;
}

/** The figures that state a change (see `Sentence.outcomes`); `lower` is the sentence in lower case. */
export function outcomesOf(lower: string, figures: string[]): string[] {
  const changed = changeCues.some((cue) => cue.test(lower));
  let from = 0;
  return figures.filter((figure) => {
    const at = lower.indexOf(figure.toLowerCase(), from);
    const before = at >= 0 ? lower.slice(0, at) : '';
    const after = at >= 0 ? lower.slice(at + figure.length) : '';
    if (at >= 0) from = at + figure.length;
    if (relativeFigure.test(figure.toLowerCase()) || /^\s*(?:%|per ?cent\b|[x×]\b)/.test(after)) return true;
    if (!changed) return false;
    return !countedPeople.test(after) && !groupOf.test(before);
  });
}

function matches(text: string, markers: RegExp[]): string[] {
  return markers.flatMap((marker) => marker.exec(text)?.[0].replace(/\bi\b/g, 'I') ?? []);
}

function locate(text: string, sentence: string, from: number): { text: string; end: number } | null {
  const start = text.indexOf(sentence, from);
  if (start >= 0) return { text: sentence, end: start + sentence.length };
  // wink-nlp keeps the text as it was, so this is a guard: find it up to whitespace instead.
  const rest = text.slice(from);
  const found = locateQuote(rest, sentence);
  return found === null ? null : { text: found, end: from + rest.indexOf(found) + found.length };
}
