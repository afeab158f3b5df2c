// werift does not forward simulcast: it surfaces each layer of a simulcast m-line as its own track,
// and the room's fan-out (one outgoing stream per kind) would interleave their packets into one
// undecodable stream. So the werift engine asks the publisher for one layer, the top one: before
// werift reads the offer, its a=simulcast list is cut to the last layer (publishers list layers
// lowest first, see sfu/types.ts) and the other layers' a=rid lines go. werift's answer then accepts
// that one rid, and the browser sends only that encoding (RFC 8853: layers the answer drops are not
// sent). It must stay a one-rid simulcast rather than no simulcast at all: a simulcast offer
// announces no SSRC, and werift routes an unannounced stream only by its rid (not by MID), so a
// refused simulcast (Chromium then sends its first encoding, still without a=ssrc) reached no
// subscriber (measured in test/browser/simulcast.e2e.spec.ts).
export function singleLayerOffer(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const out: string[] = [];
  // m-line by m-line: the rids to keep are those of its own a=simulcast
  let section: string[] = [];
  const flush = () => {
    const simulcast = section.find((line) => line.startsWith('a=simulcast:send '));
    if (simulcast) {
      const layers = simulcast.slice('a=simulcast:send '.length).split(' ')[0]!.split(';');
      const top = layers[layers.length - 1]!.split(',')[0]!.replace(/^~/, '');
      section = section
        .filter((line) => !line.startsWith('a=rid:') || line.split(' ')[0] === `a=rid:${top}`)
        .map((line) => (line === simulcast ? `a=simulcast:send ${top}` : line));
    }
    out.push(...section);
    section = [];
  };
  for (const line of lines) {
    if (line.startsWith('m=')) flush();
    section.push(line);
  }
  flush();
  return out.join(eol);
}
