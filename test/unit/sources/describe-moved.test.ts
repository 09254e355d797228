// A remote source reads what its replies hold through the describer it is given — the extension's moves the bytes to
// the profile worker and back — so it must use the bytes the describer answers, never the reply it handed over.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeHere } from '../../../src/sources/describe-here';
import type { ProfileDescriber } from '../../../src/sources/profile-metadata';
import { makeSource } from '../../../src/sources/source-config';
import { startFakePyroscope } from './helpers/fake-pyroscope';
import { fixtureRaw } from './helpers/profiles';

const NOW = Date.UTC(2026, 7, 1, 12, 0, 0);
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

/** Describes as the worker does: the buffer handed over is detached (moved), and a new one comes back. */
function movingDescriber(): ProfileDescriber & { moved: number } {
  const here = describeHere();
  const d = {
    moved: 0,
    files: here.files,
    bytes: async (bytes: Uint8Array, origin: string) => {
      const own = Uint8Array.prototype.slice.call(bytes).buffer;
      bytes.fill(0); // what the source handed over is no longer the reply (moved: detached)
      d.moved++;
      const back = structuredClone(own, { transfer: [own] });
      return here.bytes(new Uint8Array(back), origin);
    },
  };
  return d;
}

describe('a remote source whose describer moves the reply away', () => {
  it('fetches the profile the server sent, read from the bytes the describer gave back', async () => {
    const cpu = fixtureRaw('go/cpu.pb.gz');
    const server = await startFakePyroscope({ data: { types: { checkout: [CPU] }, labels: {}, seen: {}, profiles: { [`checkout|${CPU}|`]: cpu } } });
    try {
      const describer = movingDescriber();
      const source = makeSource(`pyroscope+${server.url}`, { now: () => NOW, retry: { retries: 0 }, describe: describer });
      const [p] = await source.fetchProfiles({ service: 'checkout', type: 'cpu' });
      assert.equal(describer.moved, 1);
      assert.deepEqual(Buffer.from(p.bytes), Buffer.from(cpu));
      assert.equal(p.gzipped, false);
    } finally {
      await server.close();
    }
  });
});
