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
});
