// The recording service's capture in a process of its own, for the crash suite to SIGKILL in the
// middle of a segment: the real recorder (with spares) and segment adapter on CAPTURE_DIR, fed by
// ffmpeg sending RTP live as the media service would (host-1 red/440 Hz, candidate blue/880 Hz; the
// senders are ffmpeg processes of their own, so they keep sending after this process dies, as the
// media service keeps feeding a recorder it does not know is dead). Driven over IPC:
//   { type: 'start', id, segment } → { type: 'done', id }    (SegmentRecorder.start)
//   { type: 'sent', id }           → { type: 'done', id, sentMs: { participantId: ms } }
// Says { type: 'ready' } once its spares listen.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRecorder, segmentRecorder, type RequestFeed } from '@candor/recording';
import { sendTestRtp, type RtpSender, type TestMedia } from '../support/ffmpeg-media';

const dir = process.env.CAPTURE_DIR;
if (!dir) throw new Error('CAPTURE_DIR is not set');
const media: Record<string, TestMedia> = {
  'host-1': { color: 'red', frequency: 440, size: '160x120' },
  candidate: { color: 'blue', frequency: 880, size: '160x120' },
};
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const senders = new Map<string, RtpSender>();
const feed: RequestFeed = async (participantId, ports) => {
  // long enough to outlive this process and the restart; they end on their own
  const sender = sendTestRtp(ports, media[participantId]!, 30);
  senders.set(participantId, sender);
  await sender.sending;
  return () => sender.stop();
};
const spares = join(dir, 'spares');
const recorder = segmentRecorder({
  recorder: createRecorder({ logger: quiet, spares: { dir: spares, count: 2 } }),
  dir,
  feedFor: () => feed,
});

type Message = { type: string; id: number; segment?: Parameters<typeof recorder.start>[0] };
process.on('message', (raw) => {
  const message = raw as Message;
  void (async () => {
    if (message.type === 'start') {
      console.error(`capture process: starting segment ${message.segment!.segmentId}`);
      await recorder.start(message.segment!);
      console.error('capture process: segment capturing');
    }
    const sentMs = Object.fromEntries([...senders].map(([id, sender]) => [id, sender.sentMs()]));
    process.send!({ type: 'done', id: message.id, sentMs });
  })();
});

void (async () => {
  for (;;) {
    const names = await readdir(spares).catch(() => [] as string[]);
    if (names.filter((name) => name.endsWith('.pid')).length === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.send!({ type: 'ready' });
})();
