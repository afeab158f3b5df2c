// The werift engine's one-layer request: a Chromium simulcast offer keeps only its top layer (the
// last of a=simulcast, and that layer's a=rid); an offer without simulcast is left as it was.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sdpTransform from 'sdp-transform';
import { singleLayerOffer } from './single-layer';

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'test', 'sdp', name), 'utf8');

test('a simulcast offer becomes a one-layer simulcast offer of its top layer; nothing else changes', () => {
  const offer = fixture('chromium-simulcast-publish-offer.sdp');
  const single = singleLayerOffer(offer);
  const video = sdpTransform.parse(single).media.find((m) => m.type === 'video')!;
  expect(video.simulcast).toEqual(expect.objectContaining({ dir1: 'send', list1: 'h' }));
  expect(video.rids).toEqual([{ id: 'h', direction: 'send' }]);
  const before = offer.split('\r\n');
  const after = single.split('\r\n');
  expect(before.filter((line) => !after.includes(line))).toEqual([
    'a=rid:l send',
    'a=rid:m send',
    'a=simulcast:send l;m;h',
  ]);
  expect(after.filter((line) => !before.includes(line))).toEqual(['a=simulcast:send h']);
});

test('an offer without simulcast is unchanged', () => {
  const offer = fixture('chromium-publish-offer.sdp');
  expect(singleLayerOffer(offer)).toBe(offer);
});
