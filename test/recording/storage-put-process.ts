// Puts one file into recording storage in a fresh process and reports how much the process's
// resident memory grew during the put, for the "streamed, not buffered" check in
// storage-memory.int.spec.ts. Env: STORAGE_CONFIG (a RecordingStorageConfig as JSON), PUT_FILE,
// PUT_KEY. Prints one JSON line.
//
// The peak is sampled while the put runs (every 5 ms), not read from the process's lifetime maximum
// (`maxRSS`): that one also holds whatever loading the modules cost before the put began, which
// says nothing about the put and can hide it.
import { createRecordingStorage, type RecordingStorageConfig } from '@candor/recording/src/storage';

void (async () => {
  const storage = createRecordingStorage(JSON.parse(process.env.STORAGE_CONFIG ?? '') as RecordingStorageConfig);
  const key = process.env.PUT_KEY ?? '';
  await storage.stat(key); // loads the client's lazily required parts before measuring
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  await storage.put(key, process.env.PUT_FILE ?? '', { contentType: 'video/webm' });
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(sampler);
  const stored = await storage.stat(key);
  await storage.close();
  process.stdout.write(`${JSON.stringify({ before, peak, stored })}\n`);
})();
