// GET /playback/:recordingId?token=… — the signed playback URL itself, served with HTTP Range. No
// session: the token is the capability (≤ 5 minutes, one recording, one viewer). Every request, and
// so every range a player fetches, checks again, in this order, before a byte is sent: the token;
// the recording in the write model (deleted → 410); the viewer's access; the object in storage
// (gone → 410). A deletion or a revoked access therefore stops a player that is already playing at
// its next fetch. The token travels in the query string, which the access log never records.
import { Router, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { playbackQuery, recordingIdParams } from '@candor/contracts';
import {
  CandorError,
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  parseOrThrow,
  type EventStore,
  type Logger,
} from '@candor/runtime';
import { loadRecordings } from '../interview-recordings';
import type { RecordingStorage } from '../ports';
import type { RecordingsQuery } from '../read-models/recordings/query';
import { byteRange } from './byte-range';
import type { PlaybackTokens } from './playback-tokens';
import type { ViewerAccess } from './viewer-access';

export interface PlaybackRouteDeps {
  store: EventStore;
  recordings: RecordingsQuery;
  storage: Pick<RecordingStorage, 'stat' | 'read'>;
  tokens: PlaybackTokens;
  access: ViewerAccess;
  logger: Logger;
  now: () => Date;
}

class RangeNotSatisfiable extends CandorError {
  constructor() {
    super(416, 'Range not satisfiable', 'The requested range is outside the recording.');
  }
}

const refused = () => new ForbiddenError('This playback link is not valid.');
const gone = () => new GoneError('This recording was deleted.', 'recording-deleted');

export function playbackRoutes(deps: PlaybackRouteDeps): Router {
  const router = Router();

  router.get('/:recordingId', async (req, res: Response, next) => {
    try {
      const { recordingId } = parseOrThrow(recordingIdParams, { ...req.params }, 'params');
      const { token } = parseOrThrow(playbackQuery, { ...req.query }, 'query');
      const checked = deps.tokens.verify(token, recordingId, deps.now());
      if (!checked.ok) {
        if (checked.reason === 'expired')
          throw new ForbiddenError('This playback link has expired; ask for a new one.');
        throw refused();
      }
      const found = await deps.recordings.find(recordingId);
      if (!found) throw refused();
      // the write model decides: the read model may not have seen a deletion yet
      const state = await loadRecordings(deps.store, found.roomId);
      const segment = state.segments.find((candidate) => candidate.id === recordingId);
      const owner = { organisationId: state.organisationId ?? '', roomId: found.roomId, segmentId: recordingId };
      if (!segment) throw refused();
      if (segment.status === 'deleted') throw gone();
      if (!(await deps.access.allows(checked.viewer, owner))) throw refused();
      if (segment.status !== 'ready' || !segment.key) throw new ConflictError('This recording is not ready yet.');
      const stored = await deps.storage.stat(segment.key);
      if (!stored) throw gone();

      const range = byteRange(req.header('range'), stored.size);
      res.setHeader('Accept-Ranges', 'bytes');
      res.setHeader('Content-Type', stored.contentType);
      // the URL is a capability: no cache (shared or private) keeps the bytes past its checks
      res.setHeader('Cache-Control', 'no-store');
      if (range.kind === 'unsatisfiable') {
        res.setHeader('Content-Range', `bytes */${stored.size}`);
        throw new RangeNotSatisfiable();
      }
      const { start, end } = range.kind === 'partial' ? range : { start: 0, end: stored.size - 1 };
      const body = await deps.storage
        .read(segment.key, stored.size === 0 ? undefined : { start, end })
        .catch((error) => {
          // deleted between the stat and the read
          throw error instanceof NotFoundError ? gone() : error;
        });
      res.status(range.kind === 'partial' ? 206 : 200);
      res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
      if (range.kind === 'partial') res.setHeader('Content-Range', `bytes ${start}-${end}/${stored.size}`);
      if (req.method === 'HEAD') {
        body.destroy();
        res.end();
        return;
      }
      await pipeline(body, res).catch((error) => {
        // the player went away mid-range (seeking does that): nothing to answer any more
        if (!res.writableEnded) deps.logger.debug({ err: error, recordingId }, 'playback stream ended early');
      });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
