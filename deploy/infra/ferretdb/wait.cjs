// Waits until FerretDB answers a real command (ping + a round trip through its PG backend).
// Usage: node ferretdb-wait.cjs mongodb://127.0.0.1:57017/candor [timeoutSeconds]
const { MongoClient } = require('mongodb');
const url = process.argv[2];
const deadline = Date.now() + Number(process.argv[3] || 60) * 1000;
(async () => {
  let last;
  while (Date.now() < deadline) {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
    try {
      await client.connect();
      const db = client.db();
      await db.command({ ping: 1 });
      await db.collection('_infra_wait').countDocuments({});
      await client.close();
      process.exit(0);
    } catch (err) {
      last = err;
      await client.close().catch(() => {});
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  console.error(`mongo wire server at ${url} did not answer: ${last && last.message}`);
  process.exit(1);
})();
