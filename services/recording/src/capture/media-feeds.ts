// The media service's recorder-feed API as the recorder needs it (contracts/src/recorder-feed.ts):
// a RequestFeed for one room, and who is publishing there now. Each call carries a fresh service
// token (audience candor-service, sub 'recording'). A refusal comes back as a MediaFeedError with
// the HTTP status and the problem's type ('recording-off' when the room is not recording).
import {
  recorderFeedPaths,
  recorderFeedResponse,
  roomPublishersResponse,
  type RoomPublishersResponse,
} from '@candor/contracts';
import type { ServiceTokens } from '@candor/runtime';
import type { RequestFeed } from './types';

export class MediaFeedError extends Error {
  constructor(
    readonly status: number,
    readonly type: string | undefined,
    detail: string,
  ) {
    super(detail);
    this.name = 'MediaFeedError';
  }
}

export interface MediaFeeds {
  /** A RequestFeed for the recorder, asking the media service for feeds in `roomId`. */
  feedFor(roomId: string): RequestFeed;
  publishers(roomId: string): Promise<RoomPublishersResponse['publishers']>;
}

export function mediaFeeds(options: { mediaUrl: string; serviceTokens: ServiceTokens }): MediaFeeds {
  const base = options.mediaUrl.replace(/\/$/, '');
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${(await options.serviceTokens.sign({ sub: 'recording' })).token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const problem = (json ?? {}) as { type?: string; detail?: string; title?: string };
      throw new MediaFeedError(
        response.status,
        problem.type?.split('/').pop(), // the slug of https://candor.dev/problems/<slug>
        `${method} ${path}: ${response.status} ${problem.detail ?? problem.title ?? ''}`.trim(),
      );
    }
    return json;
  }
  return {
    feedFor(roomId) {
      return async (participantId, ports) => {
        const { feedId } = recorderFeedResponse.parse(
          await call('POST', recorderFeedPaths.feeds(roomId), { participantId, ...ports }),
        );
        return async () => {
          await call('DELETE', recorderFeedPaths.feed(roomId, feedId));
        };
      };
    },
    async publishers(roomId) {
      return roomPublishersResponse.parse(await call('GET', recorderFeedPaths.publishers(roomId))).publishers;
    },
  };
}
