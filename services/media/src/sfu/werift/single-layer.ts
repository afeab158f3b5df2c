// werift does not forward simulcast: it would surface each layer of a simulcast m-line as its own
// track, and the room's fan-out (one outgoing stream per kind) would interleave their packets into one
// undecodable stream. So the werift engine asks the publisher for one layer: the offer's a=simulcast
// and a=rid lines are removed before werift reads it, werift's answer then has no a=simulcast, and a
// browser whose simulcast the answer does not accept sends one stream, its first encoding (RFC 8853
// §5.3; measured with Chromium in simulcast-chromium.e2e.spec.ts).
export function singleLayerOffer(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(eol)
    .filter((line) => !line.startsWith('a=simulcast:') && !line.startsWith('a=rid:'))
    .join(eol);
}
