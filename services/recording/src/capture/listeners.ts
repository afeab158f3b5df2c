// The recorder's listening ffmpeg processes, and the spares kept ready. A track needs one ffmpeg
// listening on two reserved UDP port pairs before its feed is asked for. Spawning it and waiting
// for its ports to be bound is most of a capture's start-up (0.3 s on an idle machine, measured 1.5–4 s
// on this shared 2-core one under load), and every second of it is a second missing from the start
// of the recording. So the recorder keeps `count` spares: ffmpegs already listening, each on its own
// ports with its own SDP, idle (blocked on a socket: no CPU) until a track takes one; a taken spare
// is replaced in the background. ffmpeg's RTP input waits for packets without a time limit, and its
// file begins with the first packet, so a spare that waited an hour records as a fresh one would.
//
// A process that dies leaves its spares running (nothing kills a child with its parent here): each
// spare's pid is written next to its files, and the next pool on the same folder kills those whose
// command line still names the folder, then empties it.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@candor/runtime';
import { recordFromSdp, type FfmpegProcess, type FfmpegTools } from './ffmpeg';
import { isBound, type UdpPortPairs } from './ports';
import { recorderSdp, type RecorderPorts } from './sdp';

/** An ffmpeg listening for one track's RTP, its ports bound. */
export interface Listening {
  ports: RecorderPorts;
  ffmpeg: FfmpegProcess;
  sdpFile: string;
  /** what ffmpeg writes (remuxed into the track's file when the track ends) */
  rawFile: string;
  /** files of its own to remove with the raw file (a spare's SDP and pid) */
  extraFiles: string[];
}

export interface ListenOptions {
  ip: string;
  tools: FfmpegTools;
  portPairs: UdpPortPairs;
  probeMs?: number;
  /** how long ffmpeg may take to bind its ports */
  listenTimeoutMs: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

async function waitListening(options: ListenOptions, ffmpeg: FfmpegProcess, ports: RecorderPorts): Promise<void> {
  const deadline = Date.now() + options.listenTimeoutMs;
  while (!ffmpeg.hasExited) {
    if ((await isBound(options.ip, ports.videoPort)) && (await isBound(options.ip, ports.audioPort))) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the recorder's ffmpeg is not listening: ${ffmpeg.stderrTail().trim() || 'timed out'}`);
}

/**
 * Starts an ffmpeg listening on fresh ports, its SDP at `${base}.sdp`, writing `${base}.rec.webm`.
 * The ports are free when reserved, but another process's socket (any ephemeral bind) can take one
 * before ffmpeg binds it: then ffmpeg says "Address already in use", and a fresh pair is tried, a
 * few times, before giving up.
 */
export async function listen(options: ListenOptions, base: string): Promise<Listening> {
  const { ip, portPairs } = options;
  const sdpFile = `${base}.sdp`;
  const rawFile = `${base}.rec.webm`;
  for (let attempt = 1; ; attempt++) {
    const ports = { ip, videoPort: await portPairs.reserve(), audioPort: await portPairs.reserve() };
    await writeFile(sdpFile, recorderSdp(ports));
    const ffmpeg = recordFromSdp(options.tools, sdpFile, rawFile, options.probeMs);
    try {
      await waitListening(options, ffmpeg, ports);
      return { ports, ffmpeg, sdpFile, rawFile, extraFiles: [] };
    } catch (error) {
      await ffmpeg.stop(1000);
      release(options, { ports });
      await rm(rawFile, { force: true });
      if (attempt >= 3 || !/address already in use/i.test(String((error as Error).message))) throw error;
      options.logger.warn({ ports, attempt }, 'recorder: a port was taken before ffmpeg bound it; trying others');
    }
  }
}

/** Gives a listener's ports back (its ffmpeg has stopped). */
export function release(options: Pick<ListenOptions, 'portPairs'>, listening: Pick<Listening, 'ports'>): void {
  options.portPairs.release(listening.ports.videoPort);
  options.portPairs.release(listening.ports.audioPort);
}

export interface SparePool {
  /** A spare that is still listening, or undefined (the caller starts its own); a replacement starts. */
  take(): Listening | undefined;
  /** Stops the spares and waits for them; the pool makes no more. */
  close(): Promise<void>;
}

/** Kills the spares a previous process left in `dir` (only processes whose command line names it). */
async function killLeftovers(dir: string, logger: ListenOptions['logger']): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.pid')) continue;
    const pid = Number(await readFile(join(dir, name), 'utf8').catch(() => ''));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!command.includes(dir)) continue; // gone, or the pid now belongs to something else
    try {
      process.kill(pid, 'SIGKILL');
      logger.info({ pid }, 'recorder: stopped a spare ffmpeg an earlier process left');
    } catch {
      // exited meanwhile
    }
  }
  await rm(dir, { recursive: true, force: true });
}

export function sparePool(options: ListenOptions & { dir: string; count: number }): SparePool {
  const ready: Listening[] = [];
  const starting = new Set<Promise<void>>();
  let closed = false;
  const prepared = (async () => {
    await killLeftovers(options.dir, options.logger);
    await mkdir(options.dir, { recursive: true });
  })();

  async function discard(spare: Listening) {
    await spare.ffmpeg.stop(500);
    release(options, spare);
    await Promise.all([spare.rawFile, spare.sdpFile, ...spare.extraFiles].map((file) => rm(file, { force: true })));
  }

  function refill() {
    while (!closed && ready.length + starting.size < options.count) {
      const made = (async () => {
        await prepared;
        if (closed) return;
        const base = join(options.dir, `spare-${randomUUID()}`);
        const spare = await listen(options, base);
        const pidFile = `${base}.pid`;
        spare.extraFiles.push(spare.sdpFile, pidFile);
        // whole or not at all: the next pool (or a reader) never sees an empty pid file
        await writeFile(`${pidFile}.tmp`, String(spare.ffmpeg.pid ?? ''));
        await rename(`${pidFile}.tmp`, pidFile);
        if (closed) return discard(spare);
        ready.push(spare);
        // a spare that dies idle is dropped and replaced
        void spare.ffmpeg.exited.then(() => {
          const index = ready.indexOf(spare);
          if (index < 0) return;
          ready.splice(index, 1);
          options.logger.warn({ stderr: spare.ffmpeg.stderrTail().slice(-300) }, 'recorder: a spare ffmpeg exited');
          void discard(spare);
          if (!closed) setTimeout(refill, 1000).unref();
        });
      })().catch((error: unknown) => {
        options.logger.warn({ err: error }, 'recorder: a spare ffmpeg could not start');
      });
      starting.add(made);
      void made.finally(() => starting.delete(made));
    }
  }
  refill();

  return {
    take() {
      const spare = ready.shift();
      refill();
      return spare;
    },
    async close() {
      closed = true;
      while (starting.size > 0) await Promise.all([...starting]);
      await Promise.all(ready.splice(0).map(discard));
    },
  };
}
