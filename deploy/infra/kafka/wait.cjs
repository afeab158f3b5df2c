// Waits until the Kafka broker really answers a metadata request (kafkajs admin listTopics).
// Usage: node wait.cjs 127.0.0.1:59092 [timeoutSeconds]
const { Kafka, logLevel } = require('kafkajs');
const broker = process.argv[2];
const deadline = Date.now() + Number(process.argv[3] || 120) * 1000;
(async () => {
  let last;
  while (Date.now() < deadline) {
    const admin = new Kafka({ clientId: 'infra-wait', brokers: [broker], logLevel: logLevel.NOTHING,
      connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 0 } }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
      process.exit(0);
    } catch (err) {
      last = err;
      await admin.disconnect().catch(() => {});
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  console.error(`kafka at ${broker} did not answer: ${last && last.message}`);
  process.exit(1);
})();
