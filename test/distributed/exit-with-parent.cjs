// Preloaded (`node --require`) into every service process a test starts: when the test runner dies
// without stopping it (jest killed on a timeout, Ctrl-C), the service is re-parented and would live
// on, still a member of the shared Kafka consumer groups. It notices and stops itself (SIGTERM, so
// it leaves its groups cleanly); if that hangs, it exits anyway.
const parent = process.ppid;
const watchdog = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watchdog);
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(1), 15000).unref();
}, 500);
watchdog.unref();
