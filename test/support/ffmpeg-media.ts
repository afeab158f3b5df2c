// Real media for recording tests, made by ffmpeg: a solid colour with a sine tone, either as a file
// (VP8 + Opus WebM, as the recorder writes them) or sent live as plain RTP to a recorder's ports the
// way an SFU's recorder feed does (payload types from contracts' recorderRtp). Solid colours and
// pure tones make the checks simple: sample a frame's colour, find a tone in the spectrum.
import { spawn, type ChildProcess } from 'node:child_process';
import { recorderRtp } from '@candor/contracts';

export interface TestMedia {
  /** an ffmpeg colour name, e.g. 'red' */
  color: string;
  /** Hz */
  frequency: number;
  size?: string;
}

const sources = ({ color, frequency, size = '320x240' }: TestMedia, seconds: number, realTime: boolean) => [
  ...(realTime ? ['-re'] : []),
  '-f',
  'lavfi',
  '-t',
  String(seconds),
  '-i',
  `color=c=${color}:size=${size}:rate=30`,
  ...(realTime ? ['-re'] : []),
  '-f',
  'lavfi',
  '-t',
  String(seconds),
  '-i',
  `sine=frequency=${frequency}:sample_rate=48000`,
];

const vp8 = ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '30'];

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${code}: ${err}`))));
  });
}

/** A WebM file of `seconds` of the colour and the tone. */
export function makeTestRecording(file: string, media: TestMedia, seconds: number): Promise<void> {
  return run([...sources(media, seconds, false), '-map', '0:v', '-map', '1:a', ...vp8, '-c:a', 'libopus', '-y', file]);
}

export interface RtpSender {
  /** resolves once the first frames went out (ffmpeg's own start-up is behind us) */
  readonly sending: Promise<void>;
  /**
   * Media time sent so far, in ms, as ffmpeg reports it (about every 100 ms). On a loaded machine
   * ffmpeg can fall behind real time, so this, not the wall clock, is what a recorder could capture.
   */
  sentMs(): number;
  /** Stops sending (SIGKILL: nothing to finalise on the sending side). */
  stop(): Promise<void>;
}

/** Sends the colour and the tone live, in real time, as RTP to a recorder's ports, for up to `seconds`. */
export function sendTestRtp(
  target: { ip: string; videoPort: number; audioPort: number },
  media: TestMedia,
  seconds = 60,
): RtpSender {
  const host = target.ip.includes(':') ? `[${target.ip}]` : target.ip;
  const child: ChildProcess = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-progress',
      'pipe:1',
      '-stats_period',
      '0.1',
      ...sources(media, seconds, true),
      '-map',
      '0:v',
      ...vp8,
      '-payload_type',
      String(recorderRtp.video.payloadType),
      '-f',
      'rtp',
      `rtp://${host}:${target.videoPort}`,
      '-map',
      '1:a',
      '-c:a',
      'libopus',
      '-payload_type',
      String(recorderRtp.audio.payloadType),
      '-f',
      'rtp',
      `rtp://${host}:${target.audioPort}`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let sentUs = 0;
  const sending = new Promise<void>((resolve, reject) => {
    let progress = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      progress = (progress + chunk).slice(-2000);
      for (const match of progress.matchAll(/out_time_us=(\d+)/g)) sentUs = Math.max(sentUs, Number(match[1]));
      if (/frame=[1-9]/.test(progress)) resolve();
    });
    void closed.then(() => reject(new Error('the RTP sender exited before sending')));
  });
  sending.catch(() => undefined);
  return {
    sending,
    sentMs: () => sentUs / 1000,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await closed;
    },
  };
}

/** The average colour of the frame at `seconds` within `region` (x, y, w, h) of a video file, as RGB 0–255. */
export async function frameColor(
  file: string,
  seconds: number,
  region: { x: number; y: number; w: number; h: number },
): Promise<[number, number, number]> {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-ss',
      String(seconds),
      '-i',
      file,
      '-frames:v',
      '1',
      '-vf',
      `crop=${region.w}:${region.h}:${region.x}:${region.y},scale=1:1:flags=area`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => child.once('close', resolve));
  const pixel = Buffer.concat(chunks);
  if (pixel.length < 3) throw new Error(`no frame at ${seconds}s in ${file}`);
  return [pixel[0]!, pixel[1]!, pixel[2]!];
}

/** Mono PCM (float, `rate` Hz) of `seconds` of a file's audio from `from`. */
export async function decodeAudio(file: string, from: number, seconds: number, rate = 8000): Promise<Float32Array> {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-ss',
      String(from),
      '-t',
      String(seconds),
      '-i',
      file,
      '-vn',
      '-ac',
      '1',
      '-ar',
      String(rate),
      '-f',
      'f32le',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => child.once('close', resolve));
  const bytes = Buffer.concat(chunks);
  return new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4));
}

/**
 * The strength of `frequency` in `samples` relative to the signal's overall power (Goertzel: one DFT
 * bin, which is all a "is this tone there" question needs). About 1 for a pure tone at that frequency,
 * about 0.5 each for two equal tones, near 0 when absent.
 */
export function toneShare(samples: Float32Array, frequency: number, rate = 8000): number {
  const n = samples.length;
  if (n === 0) return 0;
  const k = Math.round((n * frequency) / rate);
  const w = (2 * Math.PI * k) / n;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const x of samples) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2; // |X[k]|^2
  // a sinusoid of amplitude A has energy n·A²/2 and |X[k]|² = (n·A/2)²: the ratio below is its share
  return energy === 0 ? 0 : (2 * power) / (n * energy);
}
