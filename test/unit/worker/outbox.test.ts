// The worker's outbox: what was handed to the IPC channel counts as unsent until the channel says it is written.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Outbox } from '../../../src/worker/outbox';

describe('the worker\'s outbox', () => {
  it('says when every message posted so far is written, and nothing to wait for once they are', async () => {
    const pending: ((e: Error | null) => void)[] = [];
    const outbox = new Outbox((_m, written) => { pending.push(written); });
    assert.equal(outbox.whenSent(), undefined, 'nothing posted: nothing to wait for');
    outbox.post('answer');
    outbox.post('progress');
    let sent = false;
    const whenSent = outbox.whenSent()!.then(() => { sent = true; });
    pending.shift()!(null);
    await Promise.resolve();
    assert.equal(sent, false, 'one of two written');
    pending.shift()!(new Error('channel closed'));
    await whenSent;
    assert.equal(outbox.whenSent(), undefined);
  });

  it('a channel that refuses a message at once leaves nothing counted', () => {
    const outbox = new Outbox(() => { throw new Error('Channel closed'); });
    assert.throws(() => outbox.post('answer'), /Channel closed/);
    assert.equal(outbox.whenSent(), undefined);
  });
});
