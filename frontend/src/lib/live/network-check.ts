// The equipment test's network check: can this browser reach the SFU directly by UDP (best), by
// TCP (works; a little more delay on a poor network), or only through the TURN relay (works; the
// relay carries the media), or not at all? Each path is one probe connection to the SFU (see
// `networkCheckRequest` in contracts): both sides' candidates are cut down to the path under test,
// and the path works if ICE connects within a few seconds. What to tell the person follows from
// which paths work, in plain words, with what to do when none does.
import type { IceServer, NetworkCheckResponse } from '@candor/contracts';
import { gatheringComplete, type PeerFactory } from './peers.ts';

export type NetworkPath = 'udp' | 'tcp' | 'relay';
/** per path: it connected, it did not, or it could not be tried (no relay in this deployment) */
export type PathResult = 'ok' | 'failed' | 'unavailable';
export type NetworkResults = Record<NetworkPath, PathResult>;

/** Keeps only the candidates a path may use: UDP ones, TCP ones, or (relay) all of them. */
export function candidatesFor(path: NetworkPath, sdp: string): string {
  if (path === 'relay') return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(eol)
    .filter((line) => !line.startsWith('a=candidate:') || line.split(' ')[2]?.toLowerCase() === path)
    .join(eol);
}

export interface NetworkAdvice {
  /** good: direct UDP; fine: TCP or the relay; blocked: nothing works */
  level: 'good' | 'fine' | 'blocked';
  summary: string;
  /** what to do, when there is something to do */
  advice: string | null;
}

export function networkAdvice(results: NetworkResults): NetworkAdvice {
  if (results.udp === 'ok') {
    return { level: 'good', summary: 'Your network connects directly to the interview.', advice: null };
  }
  if (results.tcp === 'ok') {
    return {
      level: 'fine',
      summary: 'Your network connects to the interview over TCP.',
      advice: 'The interview will work. If the picture stutters, a different network (for example your phone’s hotspot) may be smoother.',
    };
  }
  if (results.relay === 'ok') {
    return {
      level: 'fine',
      summary: 'Your network connects to the interview through our relay server only.',
      advice: 'The interview will work. If the picture stutters, a different network (for example your phone’s hotspot) may be smoother.',
    };
  }
  return {
    level: 'blocked',
    summary: 'Your network is blocking the video connection to the interview.',
    advice:
      'Turn off any VPN or proxy and try again, or join from another network: your phone’s hotspot or a home network usually works. ' +
      'On a company network, ask your IT department to allow video calls (WebRTC) to this site. ' +
      'If nothing works, reply to your invitation email so the interviewer can arrange another way.',
  };
}

export interface NetworkCheckDeps {
  fetch: typeof fetch;
  createPeer: PeerFactory;
  /** how long a probe may take to connect */
  timeoutMs?: number;
}

/** Waits until the connection is up (true) or failed or timed out (false). */
function connected(pc: RTCPeerConnection, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (value: boolean) => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      resolve(value);
    };
    const check = () => {
      if (pc.connectionState === 'connected') finish(true);
      else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') finish(false);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}

async function probe(
  url: string,
  path: NetworkPath,
  iceServers: IceServer[],
  deps: NetworkCheckDeps,
): Promise<{ result: PathResult; iceServers: IceServer[] }> {
  const pc = deps.createPeer(path === 'relay' ? { iceServers, iceTransportPolicy: 'relay' } : { iceServers: [] });
  try {
    pc.addTransceiver('audio', { direction: 'sendonly' });
    pc.addTransceiver('video', { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await gatheringComplete(pc);
    const offer = candidatesFor(path, pc.localDescription?.sdp ?? '');
    const response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ sdp: offer }),
    });
    if (!response.ok) return { result: 'failed', iceServers: [] };
    const answer = (await response.json()) as NetworkCheckResponse;
    await pc.setRemoteDescription({ type: 'answer', sdp: candidatesFor(path, answer.sdp) });
    return { result: (await connected(pc, deps.timeoutMs ?? 8_000)) ? 'ok' : 'failed', iceServers: answer.iceServers };
  } catch {
    return { result: 'failed', iceServers: [] };
  } finally {
    pc.close();
  }
}

/**
 * Tries UDP and TCP side by side, then the relay with the credentials their answers carried (none:
 * this deployment runs no relay, so that path is `unavailable`).
 */
export async function checkNetwork(url: string, deps: NetworkCheckDeps): Promise<NetworkResults> {
  const [udp, tcp] = await Promise.all([probe(url, 'udp', [], deps), probe(url, 'tcp', [], deps)]);
  const relays = udp.iceServers.length > 0 ? udp.iceServers : tcp.iceServers;
  const relay = relays.length > 0 ? (await probe(url, 'relay', relays, deps)).result : 'unavailable';
  return { udp: udp.result, tcp: tcp.result, relay };
}
