// ICE candidates as the engine announces them. werift binds to the listen address but gathers from
// every interface, and knows nothing of a NAT in front of it: this keeps only the candidates on the
// listen address and writes the announced (public) address into them, line by line, so the rest of
// the SDP stays byte for byte what the library produced. werift also lists an active TCP candidate
// (port 9: it would dial out); an SFU is only ever dialled (browsers gather active TCP candidates
// only, and active never pairs with active), so only its passive TCP candidates are announced.
import type { SfuEngineOptions } from './types';

const anyAddress = new Set(['0.0.0.0', '::', '']);

/** true when `ip` names one address rather than "all interfaces" */
export const isSpecificAddress = (ip: string | undefined): ip is string => ip !== undefined && !anyAddress.has(ip);

/**
 * `a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...`
 * Lines that are not candidates pass through unchanged.
 */
export function announceCandidates(sdp: string, options: Pick<SfuEngineOptions, 'listenIp' | 'announcedIp'>): string {
  const { listenIp, announcedIp } = options;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const candidates = lines.filter((line) => line.startsWith('a=candidate:'));
  const onListenIp = (line: string) => line.split(' ')[4] === listenIp;
  // a listen address no candidate uses means werift could not bind there: keep what it did gather
  // rather than announce nothing
  const filter = isSpecificAddress(listenIp) && candidates.some(onListenIp);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('a=candidate:')) {
      if (line.startsWith('m=')) seen.clear(); // candidates are per m-line
      out.push(line);
      continue;
    }
    if (filter && !onListenIp(line)) continue;
    const fields = line.split(' ');
    if (fields[2]?.toLowerCase() === 'tcp' && fields[fields.indexOf('tcptype') + 1] === 'active') continue;
    if (announcedIp && fields[7] === 'host') fields[4] = announcedIp;
    // the same address and port twice (two interfaces announced as one public address) is noise
    const key = [fields[1], fields[2], fields[4], fields[5]].join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(fields.join(' '));
  }
  return out.join(eol);
}
