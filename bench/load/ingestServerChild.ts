// The ingest endpoint alone in a process (run by ingest-load.ts), so its memory is measured apart from the load
// generator: prints `{"url": ...}` when listening; on SIGTERM closes (waiting for uploads in flight to be
// written) and prints `{"stored", "rejected", "maxRssKB"}`.
import { startIngestServer } from '../../src/collector/ingest/ingest-server';

async function main(): Promise<void> {
  const store = process.argv[2];
  let stored = 0;
  const rejected: Record<string, number> = {};
  const server = await startIngestServer({
    store,
    port: 0,
    onStored: () => stored++,
    onRejected: (status) => (rejected[status] = (rejected[status] ?? 0) + 1),
  });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  process.once('SIGTERM', () => {
    void server.close().then(() => {
      process.stdout.write(`${JSON.stringify({ stored, rejected, maxRssKB: process.resourceUsage().maxRSS })}\n`);
      process.exit(0);
    });
  });
}

void main();
