// What a segment's capture folder holds on disk, so that a recording service process that dies in
// the middle of a segment leaves what it captured recoverable by the next process on the folder:
//   - `<base>.track.json` while a track records: who, where ffmpeg writes, its pid, when it began;
//   - `<base>.webm` + `<base>.webm.json` once a track is finalised: the file and its CapturedTrack;
//   - `recovered-<n>/` the tracks an earlier recovery made playable, each with its `.json`, kept out
//     of the way of the names the next capture in the same folder uses.
// `recoverTracks` stops the ffmpegs a dead process left (those whose command line still names their
// SDP), remuxes each raw file into a complete WebM (what was flushed: up to the last cluster, see
// ffmpeg.ts) and answers every track of the folder, the recovered ones marked interrupted.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from '@candor/runtime';
import { probe, remux, type FfmpegTools } from './ffmpeg';
import type { CapturedTrack } from './types';

/** A running track, as written beside its raw file. */
export interface TrackManifest {
  participantId: string;
  /** what ffmpeg writes (the track's raw recording) */
  rawFile: string;
  /** the complete WebM the track ends as */
  file: string;
  pid: number | null;
  /** a path on ffmpeg's command line (its SDP): a pid reused by another process does not have it */
  commandMarker: string;
  startedAtMs: number;
}

const manifestSuffix = '.track.json';

async function writeAtomically(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(value));
  await rename(`${path}.tmp`, path);
}

export const manifestOf = (file: string) => file.replace(/\.webm$/, manifestSuffix);

export function writeManifest(manifest: TrackManifest): Promise<void> {
  return writeAtomically(manifestOf(manifest.file), manifest);
}

/** A finalised track: its description beside the file; the running track's manifest goes. */
export async function writeFinished(track: CapturedTrack): Promise<void> {
  await writeAtomically(`${track.file}.json`, track);
  await rm(manifestOf(track.file), { force: true });
}

export const removeManifest = (file: string) => rm(manifestOf(file), { force: true });

const running = async (pid: number, marker: string): Promise<boolean> => {
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes(marker)) return false;
  // an exited child nobody reaped yet (a zombie) has no command line left, but check its state too
  const status = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/\) Z /.test(status);
};

/** Stops an ffmpeg a dead process left: SIGINT (it writes its trailer), SIGKILL after `graceMs`. */
async function stopLeftover(manifest: TrackManifest, graceMs: number): Promise<boolean> {
  const { pid, commandMarker } = manifest;
  if (!pid || !(await running(pid, commandMarker))) return false;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // gone meanwhile
    }
  };
  signal('SIGINT');
  let killed = false;
  for (let waited = 0; await running(pid, commandMarker); waited += 50) {
    if (waited >= graceMs && !killed) {
      signal('SIGKILL');
      killed = true;
    }
    if (waited > graceMs + 5_000) throw new Error(`an earlier recorder's ffmpeg (pid ${pid}) does not stop`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

async function readJson<T>(path: string): Promise<T | undefined> {
  return JSON.parse(await readFile(path, 'utf8').catch(() => 'null')) ?? undefined;
}

const exists = (path: string) =>
  stat(path).then(
    (s) => s.size > 0,
    () => false,
  );

export interface RecoverOptions {
  tools: FfmpegTools;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** how long a leftover ffmpeg gets to finish its file before SIGKILL (default 2 s) */
  graceMs?: number;
}

/**
 * Makes what a dead process captured in `dir` playable and answers every track of the folder, in the
 * order they started; the recovered ones moved into a `recovered-<n>/` folder of their own.
 */
export async function recoverTracks(dir: string, options: RecoverOptions): Promise<CapturedTrack[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const manifests = names.filter((name) => name.endsWith(manifestSuffix));
  const finished = names.filter((name) => name.endsWith('.webm.json'));
  if (manifests.length + finished.length > 0) {
    const into = join(dir, `recovered-${names.filter((name) => name.startsWith('recovered-')).length + 1}`);
    await mkdir(into, { recursive: true });
    for (const name of manifests) {
      const manifest = (await readJson<TrackManifest>(join(dir, name)))!;
      if (await stopLeftover(manifest, options.graceMs ?? 2_000))
        options.logger.info({ pid: manifest.pid }, 'recorder: stopped a capture an earlier process left running');
      const track = await recoverRaw(manifest, join(into, basename(manifest.file)), options);
      if (track) await writeAtomically(`${track.file}.json`, track);
      await rm(manifest.rawFile, { force: true });
      await rm(manifest.file.replace(/\.webm$/, '.sdp'), { force: true });
      await rm(join(dir, name), { force: true });
    }
    for (const name of finished) {
      const track = (await readJson<CapturedTrack>(join(dir, name)))!;
      const moved = { ...track, file: join(into, basename(track.file)) };
      // a file already handed on (to the spool) is not there any more: only its description is left
      if (await rename(track.file, moved.file).then(() => true, () => false))
        await writeAtomically(`${moved.file}.json`, moved);
      await rm(join(dir, name), { force: true });
    }
  }
  const tracks: CapturedTrack[] = [];
  for (const folder of (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith('recovered-'))) {
    for (const name of (await readdir(join(dir, folder))).filter((n) => n.endsWith('.webm.json'))) {
      const track = await readJson<CapturedTrack>(join(dir, folder, name));
      if (track && (await exists(track.file))) tracks.push(track);
    }
  }
  return tracks.sort((a, b) => a.startedAtMs - b.startedAtMs);
}

/** The raw file of a track that never ended, remuxed into `file`: null when it holds no media. */
async function recoverRaw(
  manifest: TrackManifest,
  file: string,
  options: RecoverOptions,
): Promise<CapturedTrack | null> {
  if (!(await exists(manifest.rawFile))) return null;
  try {
    await remux(options.tools, manifest.rawFile, file);
    const probed = await probe(options.tools, file);
    const has = (type: string) => probed.streams.some((s) => s.codecType === type && s.packets > 0);
    if (!has('video') && !has('audio')) return null;
    const durationMs = Math.round((probed.durationSeconds ?? 0) * 1000);
    return {
      participantId: manifest.participantId,
      file,
      startedAtMs: manifest.startedAtMs,
      endedAtMs: manifest.startedAtMs + durationMs,
      durationMs,
      hasVideo: has('video'),
      hasAudio: has('audio'),
      interrupted: true,
    };
  } catch (error) {
    options.logger.warn({ err: error, participantId: manifest.participantId }, 'recorder: a left-over capture could not be recovered');
    await rm(file, { force: true });
    return null;
  }
}

/** Stops what a dead process left running in `dir` and removes the folder (its segment needs nothing of it). */
export async function discardFolder(dir: string, options: RecoverOptions): Promise<void> {
  for (const name of (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(manifestSuffix))) {
    const manifest = await readJson<TrackManifest>(join(dir, name));
    if (manifest) await stopLeftover(manifest, 0).catch(() => undefined);
  }
  await rm(dir, { recursive: true, force: true });
}
