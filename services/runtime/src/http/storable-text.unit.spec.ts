import { unstorableTextAt } from './storable-text';

describe('unstorableTextAt', () => {
  it('names the first string holding a NUL or a lone surrogate, keys included', () => {
    expect(unstorableTextAt({ title: 'ok', questions: [{ text: 'a\u0000b' }] }, 'body')).toBe('body.questions.0.text');
    expect(unstorableTextAt({ name: '\ud800' }, 'body')).toBe('body.name');
    expect(unstorableTextAt({ name: 'x \udfff' }, 'body')).toBe('body.name');
    expect(unstorableTextAt({ ['k\u0000']: 1 }, 'query')).toBe('query.<key>');
  });

  it('lets every well-formed string through, astral characters and markup included', () => {
    expect(unstorableTextAt({ title: '💥 𝄞 ‮ <b>é</b>', n: 1, list: [null, true, 'ok'] }, 'body')).toBeUndefined();
    expect(unstorableTextAt(undefined, 'body')).toBeUndefined();
  });
});
