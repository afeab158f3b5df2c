// The werift engine's one-layer request: a Chromium simulcast offer loses exactly its a=simulcast and
// a=rid lines, and an offer without simulcast is left as it was.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sdpTransform from 'sdp-transform';
import { singleLayerOffer } from './single-layer';

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'test', 'sdp', name), 'utf8');

test('a simulcast offer becomes a one-layer offer; nothing else changes', () => {
  const offer = fixture('chromium-simulcast-publish-offer.sdp');
  const single = singleLayerOffer(offer);
  const video = sdpTransform.parse(single).media.find((m) => m.type === 'video')!;
  expect(video.simulcast).toBeUndefined();
  expect(video.rids).toBeUndefined();
  const removed = offer.split('\r\n').filter((line) => !single.split('\r\n').includes(line));
  expect(removed).toEqual(['a=rid:l send', 'a=rid:m send', 'a=rid:h send', 'a=simulcast:send l;m;h']);
});

test('an offer without simulcast is unchanged', () => {
  const offer = fixture('chromium-publish-offer.sdp');
  expect(singleLayerOffer(offer)).toBe(offer);
});
