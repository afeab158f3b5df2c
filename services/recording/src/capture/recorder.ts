// The recorder: one segment at a time per SegmentCapture, one track per participant stretch. A
// track is an SDP, two reserved UDP port pairs and one ffmpeg copying RTP into WebM; ffmpeg is
// listening before the feed is asked for, so the first packets (and the keyframe the engine asks
// for when a feed starts) are not lost. Ending a track stops ffmpeg (SIGINT: it writes its trailer),
// then the feed, then remuxes the file into a complete WebM. An ffmpeg that dies on its own leaves the
// file as far as it got: the same remux makes it playable and the track is marked interrupted.
// With `spares`, a track takes an ffmpeg that is already listening (listeners.ts), so the feed is
// asked for the moment the segment starts rather than after ffmpeg's start-up.
//
// Everything a track needs to be recovered lives in the segment's folder (track-files.ts): a taken
// spare writes its raw file there (`adoptRawFile`), each running track has a manifest, each finished
// one a description, so a process that dies mid-segment leaves the next one what it captured.
import { mkdir, rename, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@candor/runtime';
import { defaultFfmpegTools, probe, remux, type FfmpegProcess, type FfmpegTools } from './ffmpeg';
import { listen, release, sparePool, type ListenOptions, type Listening } from './listeners';
import { UdpPortPairs } from './ports';
import type { RecorderPorts } from './sdp';
import { removeManifest, writeFinished, writeManifest } from './track-files';
import type { CapturedSegment, CapturedTrack, Recorder, SegmentCapture, SegmentSpec, StopFeed } from './types';

export interface RecorderOptions {
  /** where ffmpeg listens for the feeds (default 127.0.0.1); the media service must reach it */
  ip?: string;
  tools?: FfmpegTools;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => number;
  /** how long ffmpeg may take to bind its ports (default 10 s) */
  listenTimeoutMs?: number;
  /** how long ffmpeg may wait for what its file header needs (see ffmpeg.ts; default 30 s) */
  probeMs?: number;
  /** keep `count` ffmpegs listening in `dir` (a folder of their own), ready for the next tracks */
  spares?: { dir: string; count: number };
}

interface RunningTrack {
  participantId: string;
  ports: RecorderPorts;
  rawFile: string;
  /** on ffmpeg's command line: how a later process knows the pid is still this ffmpeg */
  sdpFile: string;
  /** the listener's own files (a spare's SDP and pid), removed with the raw file */
  extraFiles: string[];
  file: string;
  ffmpeg: FfmpegProcess;
  stopFeed: StopFeed | undefined;
  startedAtMs: number;
  endedAtMs?: number;
  interrupted: boolean;
  /** set once the track is ending: its finalised result */
  ended?: Promise<CapturedTrack | null>;
}

const safeName = (participantId: string) => participantId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);

/**
 * A spare writes in the spares' folder, which the next process empties: its file goes to the
 * segment's folder. ffmpeg opens its output only once the input's first packets are probed, so an
 * idle spare has no file yet: a link at its name to the segment's makes ffmpeg create it there. One
 * that has begun (a stray packet) is moved (ffmpeg writes on into the same file). Failing both — a
 * folder on another disk — it stays where it is.
 */
async function adoptRawFile(spareFile: string, file: string): Promise<string> {
  if (await rename(spareFile, file).then(() => true, () => false)) return file;
  return symlink(file, spareFile).then(
    () => file,
    () => spareFile,
  );
}

async function nonEmpty(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.size > 0,
    () => false,
  );
}

export function createRecorder(options: RecorderOptions): Recorder {
  const ip = options.ip ?? '127.0.0.1';
  const tools = options.tools ?? defaultFfmpegTools;
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const portPairs = new UdpPortPairs(ip);
  const listenOptions: ListenOptions = {
    ip,
    tools,
    portPairs,
    probeMs: options.probeMs,
    listenTimeoutMs: options.listenTimeoutMs ?? 10_000,
    logger,
  };
  const spares =
    options.spares && options.spares.count > 0 ? sparePool({ ...listenOptions, ...options.spares }) : undefined;

  return {
    async startSegment(spec: SegmentSpec): Promise<SegmentCapture> {
      await mkdir(spec.dir, { recursive: true });
      const startedAtMs = now();
      const tracks: RunningTrack[] = [];
      const counts = new Map<string, number>();
      let stopping: Promise<CapturedSegment> | undefined;
      const log = { roomId: spec.roomId, segmentId: spec.segmentId };

      const running = (participantId: string) => tracks.find((t) => t.participantId === participantId && !t.ended);

      /**
       * Ends a track and finalises its file; null when it captured nothing usable. Never rejects: one
       * broken track must not cost the segment its other tracks (it counts as interrupted instead).
       */
      function end(track: RunningTrack): Promise<CapturedTrack | null> {
        track.ended ??= finalise(track).catch((error: unknown) => {
          track.interrupted = true;
          logger.error(
            { ...log, err: error, participantId: track.participantId },
            'recorder: a track could not be finalised',
          );
          return null;
        });
        return track.ended;
      }

      async function finalise(track: RunningTrack): Promise<CapturedTrack | null> {
        track.endedAtMs ??= now();
        // ffmpeg first, while packets still arrive: that is when it takes a stop (see ffmpeg.ts)
        await track.ffmpeg.stop();
        await track
          .stopFeed?.()
          .catch((error: unknown) =>
            logger.warn({ ...log, err: error, participantId: track.participantId }, 'recorder: stopping a feed failed'),
          );
        release(listenOptions, track);
        await Promise.all(track.extraFiles.map((file) => rm(file, { force: true })));
        if (!(await nonEmpty(track.rawFile))) {
          logger.warn({ ...log, participantId: track.participantId }, 'recorder: a track captured nothing');
          await removeManifest(track.file);
          return null;
        }
        await remux(tools, track.rawFile, track.file);
        await rm(track.rawFile, { force: true });
        const probed = await probe(tools, track.file);
        const has = (type: string) => probed.streams.some((s) => s.codecType === type && s.packets > 0);
        if (!has('video') && !has('audio')) {
          await removeManifest(track.file);
          return null;
        }
        const durationMs = Math.round((probed.durationSeconds ?? 0) * 1000);
        const captured: CapturedTrack = {
          participantId: track.participantId,
          file: track.file,
          // the media began when the feed's first packets did, which can be a moment after the
          // feed was granted: a track stopped cleanly knows its end and its length exactly, so its
          // start follows from them (a killed one lost its last cluster: the feed's start it is)
          startedAtMs: track.interrupted
            ? track.startedAtMs
            : Math.max(track.startedAtMs, track.endedAtMs - durationMs),
          endedAtMs: track.endedAtMs,
          durationMs,
          hasVideo: has('video'),
          hasAudio: has('audio'),
          interrupted: track.interrupted,
        };
        await writeFinished(captured);
        return captured;
      }

      /** tracks being started: stop() waits for them, so none starts after the segment ended */
      const starting = new Set<Promise<void>>();
      function addParticipant(participantId: string): Promise<void> {
        if (stopping) return Promise.reject(new Error(`segment ${spec.segmentId} is stopped`));
        const started = startTrack(participantId);
        starting.add(started);
        const forget = () => starting.delete(started);
        started.then(forget, forget);
        return started;
      }

      async function startTrack(participantId: string): Promise<void> {
        if (running(participantId)) return;
        const n = (counts.get(participantId) ?? 0) + 1;
        counts.set(participantId, n);
        const base = join(spec.dir, `${safeName(participantId)}-${n}`);
        const spare = spares?.take();
        const listening: Listening = spare ?? (await listen(listenOptions, base));
        const { ports, ffmpeg } = listening;
        const rawFile = spare ? await adoptRawFile(spare.rawFile, `${base}.rec.webm`) : listening.rawFile;
        const track: RunningTrack = {
          participantId,
          ports,
          rawFile,
          sdpFile: listening.sdpFile,
          // the spare's own name for its file (a link to the segment's) goes with its SDP and pid
          extraFiles: rawFile === listening.rawFile ? listening.extraFiles : [...listening.extraFiles, listening.rawFile],
          file: `${base}.webm`,
          ffmpeg,
          stopFeed: undefined,
          startedAtMs: now(),
          interrupted: false,
        };
        try {
          track.stopFeed = await spec.feed(participantId, ports);
        } catch (error) {
          await ffmpeg.stop(1000);
          release(listenOptions, track);
          await Promise.all([track.rawFile, ...track.extraFiles].map((file) => rm(file, { force: true })));
          throw error;
        }
        track.startedAtMs = now();
        tracks.push(track);
        await writeManifest({
          participantId,
          rawFile: track.rawFile,
          file: track.file,
          pid: ffmpeg.pid ?? null,
          commandMarker: track.sdpFile,
          startedAtMs: track.startedAtMs,
        }).catch((error: unknown) =>
          logger.warn({ ...log, err: error, participantId }, 'recorder: a track manifest could not be written'),
        );
        void ffmpeg.exited.then((exit) => {
          if (track.ended) return;
          // died on its own: what it wrote stays, and the track ends here
          const reason = `ffmpeg exited (${exit.signal ?? `code ${exit.code}`}): ${ffmpeg.stderrTail().trim().slice(-500)}`;
          track.interrupted = true;
          track.endedAtMs = now();
          logger.error({ ...log, participantId }, `recorder: a track was interrupted: ${reason}`);
          spec.onTrackInterrupted?.(participantId, reason);
          void end(track).catch((error: unknown) =>
            logger.error({ ...log, err: error, participantId }, 'recorder: finalising an interrupted track failed'),
          );
        });
        logger.info({ ...log, participantId, ports }, 'recorder: track started');
      }

      const results = await Promise.allSettled(spec.participants.map((id) => addParticipant(id)));
      results.forEach((result, index) => {
        if (result.status === 'rejected')
          logger.warn(
            { ...log, err: result.reason, participantId: spec.participants[index] },
            'recorder: a track did not start',
          );
      });

      return {
        segmentId: spec.segmentId,
        addParticipant,
        async removeParticipant(participantId) {
          const track = running(participantId);
          if (track) await end(track);
        },
        get recording() {
          return tracks.filter((t) => !t.ended).map((t) => t.participantId);
        },
        stop() {
          stopping ??= (async () => {
            const endedAtMs = now();
            await Promise.allSettled([...starting]);
            const captured = (await Promise.all(tracks.map((track) => end(track)))).filter(
              (track): track is CapturedTrack => track !== null,
            );
            return {
              segmentId: spec.segmentId,
              startedAtMs,
              endedAtMs,
              tracks: captured,
              interrupted: tracks.some((t) => t.interrupted),
            };
          })();
          return stopping;
        },
      };
    },
    async close() {
      await spares?.close();
    },
  };
}
