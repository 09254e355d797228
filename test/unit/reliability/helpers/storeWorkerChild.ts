// Run in a child process by storeCrash.test.ts, to be killed with SIGKILL at a random moment:
//   `compact <store>`: prints `start`, then compacts every finished hour (as `perflens collect` does periodically);
//   `write <store> <count> <firstMs>`: writes profiles one after another, printing each final path once written.
import { compactStore } from '../../../../src/collector/compaction';
import { writeStoreProfile } from '../../../../src/sources/store/store-writer';
import { cpuProfile } from './storeProfiles';

async function main(): Promise<void> {
  const [mode, store, count, firstMs] = process.argv.slice(2);
  if (mode === 'compact') {
    process.stdout.write('start\n'); // modules loaded: the kill timer starts here
    const result = await compactStore(store, { olderThanMs: 0, now: Date.UTC(2030, 0, 1) });
    process.stdout.write(`compacted ${result.written.length}\n`);
    return;
  }
  for (let i = 0; i < Number(count); i++) {
    const timeMs = Number(firstMs) + i * 1000;
    const path = await writeStoreProfile(store, { service: 'svc', version: 'v1', type: 'cpu', timeMs, bytes: cpuProfile(i) });
    process.stdout.write(`${path}\n`);
  }
}

void main();
