import { readSentences } from './english';

describe('reading English sentences', () => {
  it('splits at sentence ends and line breaks, keeping each sentence as written', () => {
    const text = 'We shipped it.  Then   we rested!\r\n- tests first\n\n-   clear names';
    const sentences = readSentences(text).map((sentence) => sentence.text);
    expect(sentences).toEqual(['We shipped it.', 'Then   we rested!', '- tests first', '-   clear names']);
    for (const sentence of sentences) expect(text).toContain(sentence);
  });

  it('finds figures, dates and names, written with digits or capitals', () => {
    const [sentence] = readSentences('In 2021 I moved our Postgres cluster to Kubernetes and cut costs by 30%.');
    expect(sentence).toMatchObject({ figures: ['30%'], dates: ['2021'], names: ['Postgres', 'Kubernetes'] });
    expect(readSentences('We hiked every day, one of the best trips.')[0]).toMatchObject({ figures: [], dates: [] });
  });

  it('tells things done from plans and states of mind', () => {
    const [did, planned, thought] = readSentences('I led the rewrite. I would add a cache. I think it works.');
    expect(did).toMatchObject({ firstPersonAction: true, firstPersonPastAction: true });
    expect(planned).toMatchObject({ firstPersonAction: false });
    expect(thought).toMatchObject({ firstPersonAction: false, hedges: ['I think'] });
  });

  it('finds hedges and example markers', () => {
    const [sentence] = readSentences("Maybe, I'm not sure, something such as caching or stuff like that.");
    expect(sentence!.hedges).toEqual(['maybe', 'not sure', 'stuff like that']);
    expect(sentence!.exampleMarkers).toEqual(['such as']);
  });

  describe('outcomes: figures that state a change, not sizes or counts', () => {
    const outcomes = (text: string) => readSentences(text).map((sentence) => sentence.outcomes);

    it.each([
      ['I led a team of 5 engineers.', []],
      ['I manage 3 services and 12 developers across 2 time zones.', []],
      ['We migrated 40 event types by hand over 6 months.', []],
      ['I mentor 4 junior developers and run 2 reading groups.', []],
      ['I cut our AWS bill by 30%.', ['30%']],
      ['We reduced page load time from 4.2 s to 1.1 s after I rewrote the image pipeline.', ['4.2', '1.1']],
      ['I led a team of 5 engineers and we cut deploy time from 40 minutes to 8 minutes.', ['40 minutes', '8 minutes']],
      ['Sign-ups grew 3x after the redesign I shipped.', ['3']],
      ['My script saved the support team 10 hours a week.', ['10 hours']],
      ['Before the change a release took 2 days; after it, 20 minutes.', ['2 days', '20 minutes']],
    ])('%s', (text, expected) => {
      const [found] = outcomes(text);
      expect(found!.map((figure) => figure.toLowerCase().replace(/\s+/g, ' '))).toEqual(expected);
      // an outcome is always one of the sentence's own figures, as written in it
      for (const figure of found!) expect(text).toContain(figure);
    });
  });
});
