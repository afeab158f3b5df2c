import { compositeArgs } from '@candor/recording/src/capture/composite';
import { makeTestRecording } from './test/support/ffmpeg-media';
import { execFileSync } from 'node:child_process';
(async () => {
  const d = '/tmp/rc/bench5'; require('node:fs').mkdirSync(d, { recursive: true });
  const colors = ['red', 'blue', 'green', 'yellow', 'white'];
  for (const c of colors) await makeTestRecording(`${d}/${c}.webm`, { color: c, frequency: 440, size: '640x480' }, 20);
  const tracks = colors.map((c) => ({ participantId: c, file: `${d}/${c}.webm`, startedAtMs: 0, durationMs: 20000, hasVideo: true, hasAudio: true }));
  for (const format of ['webm', 'mp4'] as const) {
    const t = performance.now();
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...compositeArgs(tracks, `${d}/out.${format}`, { format })]);
    console.log(format, (20000 / (performance.now() - t)).toFixed(2), 'x real time', require('node:os').loadavg()[0]);
  }
})();
