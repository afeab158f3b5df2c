// Puts one file into recording storage in a fresh process and reports how much the process's peak
// memory grew during the put, for the "streamed, not buffered" check in storage-memory.int.spec.ts.
// Env: STORAGE_CONFIG (a RecordingStorageConfig as JSON), PUT_FILE, PUT_KEY. Prints one JSON line.
import { createRecordingStorage, type RecordingStorageConfig } from '@candor/recording';

void (async () => {
  const storage = createRecordingStorage(JSON.parse(process.env.STORAGE_CONFIG ?? '') as RecordingStorageConfig);
  const key = process.env.PUT_KEY ?? '';
  await storage.stat(key); // loads the client's lazily required parts before measuring
  const before = process.memoryUsage().rss;
  await storage.put(key, process.env.PUT_FILE ?? '', { contentType: 'video/webm' });
  const peak = process.resourceUsage().maxRSS * 1024;
  const stored = await storage.stat(key);
  await storage.close();
  process.stdout.write(`${JSON.stringify({ before, peak, stored })}\n`);
})();
