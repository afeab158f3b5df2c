// How the recording service gets a participant's RTP in both modes: the media service's internal
// HTTP API (contracts/src/recorder-feed.ts), authenticated with a service token. The recorder's
// ffmpeg is already listening when a feed is asked for; the answer's feed id is what stops it.
// A refusal (recording off, participant gone) rejects with the media service's own words, which
// the recorder logs; the segment then records the others.
import { recorderFeedPaths, recorderFeedResponse } from '@candor/contracts';
import type { RequestFeed } from './capture/types';

export interface MediaFeedsOptions {
  /** the media service's base URL (the embedded server's own in one process) */
  mediaUrl: string;
  /** a fresh service token naming this service (`Authorization: Bearer`) */
  serviceToken: () => string;
}

export function mediaFeeds(options: MediaFeedsOptions): (roomId: string) => RequestFeed {
  const base = options.mediaUrl.replace(/\/+$/, '');
  const headers = () => ({ authorization: `Bearer ${options.serviceToken()}`, 'content-type': 'application/json' });
  return (roomId) => async (participantId, ports) => {
    const asked = await fetch(base + recorderFeedPaths.feeds(roomId), {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ participantId, ip: ports.ip, videoPort: ports.videoPort, audioPort: ports.audioPort }),
    });
    if (!asked.ok)
      throw new Error(`the media service refused a recorder feed (${asked.status}): ${await asked.text()}`);
    const { feedId } = recorderFeedResponse.parse(await asked.json());
    return async () => {
      const stopped = await fetch(base + recorderFeedPaths.feed(roomId, feedId), {
        method: 'DELETE',
        headers: headers(),
      });
      // a feed the room already ended (recording stopped, participant left) is as good as stopped
      if (!stopped.ok && stopped.status !== 404) {
        throw new Error(`the media service did not stop a recorder feed (${stopped.status}): ${await stopped.text()}`);
      }
    };
  };
}
