// The sharing service as the recording service asks it about share viewers (its internal playback
// routes, contracts `sharingPaths.playbackGrant` / `playbackCheck`), each call with a fresh service
// token of this service. The sharing service owns share links; asking it synchronously — rather than
// following its events into a read model here — is what makes a Delete reach a player at its very
// next range request: the revocation is in sharing's write model when Delete answers, while an event
// would still be on its way through the outbox and the bus.
// A refusal of sharing's comes back as a CandorError with sharing's status and problem type, so the
// viewer hears the same words from either service; an unreachable sharing service is a 503 (never a
// pass: no answer means no playback).
import { playbackGrantResponse, sharingPaths, type PlaybackGrantResponse } from '@candor/contracts';
import { CandorError, ServiceUnavailableError, type ServiceTokens } from '@candor/runtime';

export interface ShareAccess {
  /** The viewing session a share viewer's link token and pass prove, and what it may play. */
  grant(token: string, pass: string): Promise<PlaybackGrantResponse>;
  /** Whether this viewing session of this link may still play this recording of this room (at this moment). */
  allows(request: { shareLinkId: string; viewingSessionId: string; roomId: string; recordingId: string }): Promise<boolean>;
}

export function shareAccess(options: { sharingUrl: string; serviceTokens: ServiceTokens }): ShareAccess {
  const base = options.sharingUrl.replace(/\/+$/, '');
  async function call(path: string, body: unknown): Promise<Response> {
    const { token } = await options.serviceTokens.sign({ sub: 'recording' });
    try {
      return await fetch(base + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
    } catch {
      throw new ServiceUnavailableError('The sharing service could not be reached.');
    }
  }
  async function refusal(response: Response): Promise<CandorError> {
    if (response.status >= 500) return new ServiceUnavailableError('The sharing service could not answer.');
    const problem = (await response.json().catch(() => ({}))) as { type?: string; title?: string; detail?: string };
    const type = problem.type?.split('/').pop();
    return new CandorError(response.status, problem.title ?? 'Refused', problem.detail, undefined, type);
  }
  return {
    async grant(token, pass) {
      const response = await call(sharingPaths.playbackGrant, { token, pass });
      if (!response.ok) throw await refusal(response);
      return playbackGrantResponse.parse(await response.json());
    },
    async allows(request) {
      const response = await call(sharingPaths.playbackCheck, request);
      if (response.status === 204) return true;
      if (response.status >= 500) throw await refusal(response);
      return false;
    },
  };
}

/** Where no sharing service is configured: share viewers get no playback (503), never a pass. */
export const noShareAccess: ShareAccess = {
  async grant() {
    throw new ServiceUnavailableError('Playback of shared recordings is not configured.');
  },
  async allows() {
    return false;
  },
};
