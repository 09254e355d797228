// The one request/response endpoint of every PerfLens channel, over a real MessageChannel (the same structured
// clone and transfer as a worker thread's port): replies, progress, errors, transfers, cancellation, lanes, and
// what it does with messages that are not part of its vocabulary.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Cancelled, isCancelled } from '../../../src/rpc/cancelled';
import { Endpoint, replyWith } from '../../../src/rpc/endpoint';
import { DEADLINE_MS, until } from '../../harness/wait';

type Server = {
  requests: {
    echo: { params: { text: string }; result: { text: string; length: number } };
    buffer: { params: { bytes: number }; result: { data: ArrayBuffer } };
    fail: { params: { why: string }; result: never };
    /** Waits until released by a 'release' event, reporting progress; answers whether it saw a cancel. */
    wait: { params: { gate: string }; result: string };
  };
  events: { release: { gate: string } };
};
type Client = { requests: Record<string, never>; events: { note: { text: string } } };

/** The two ends of a real channel; `raw` posts anything at the server, as a broken or hostile peer would. */
function pair(serverLog: string[] = [], clientOptions: Partial<ConstructorParameters<typeof Endpoint>[1]> = {}) {
  const { port1, port2 } = new MessageChannel();
  const gates = new Map<string, () => void>();
  const seen = { cancelled: [] as string[], started: [] as string[] };
  const server = new Endpoint<Server, Client>(portChannel(port2), { name: 'client', log: (l) => serverLog.push(l) })
    .handle('echo', ({ text }) => ({ text, length: text.length }))
    .handle('buffer', ({ bytes }) => {
      const data = new Uint8Array(bytes).fill(7).buffer;
      return replyWith({ data }, [data]);
    })
    .handle('fail', ({ why }) => { throw new Error(why); })
    .handle('wait', async ({ gate }, request) => {
      seen.started.push(gate);
      request.progress(`waiting at ${gate}`);
      await new Promise<void>((resolve) => {
        gates.set(gate, resolve);
        request.signal.addEventListener('abort', () => resolve());
      });
      if (request.signal.aborted) {
        seen.cancelled.push(gate);
        throw new Cancelled();
      }
      return `passed ${gate}`;
    })
    .on('release', ({ gate }) => gates.get(gate)?.());
  port2.on('message', (m) => server.receive(m));
  const clientLog: string[] = [];
  const client = new Endpoint<Client, Server>(portChannel(port1), { name: 'server', log: (l) => clientLog.push(l), ...clientOptions });
  port1.on('message', (m) => client.receive(m));
  const close = () => { port1.close(); port2.close(); };
  return { client, server, seen, clientLog, raw: (m: unknown) => port1.postMessage(m), close };
}

function portChannel(port: MessagePort) {
  return { post: (m: unknown, transfer: readonly ArrayBuffer[]) => port.postMessage(m, transfer as ArrayBuffer[]) };
}

describe('the rpc endpoint', () => {
  it('answers a request with its typed reply, and a failure with the handler\'s message', async () => {
    const { client, close } = pair();
    try {
      assert.deepEqual(await client.request('echo', { text: 'héllo' }), { text: 'héllo', length: 5 });
      await assert.rejects(client.request('fail', { why: 'the profile has no sample type cpu' }), /the profile has no sample type cpu/);
    } finally {
      close();
    }
  });

  it('delivers progress before the reply, and moves the reply\'s transferred buffer instead of copying it', async () => {
    const { client, close } = pair();
    try {
      const progress: string[] = [];
      const waiting = client.request('wait', { gate: 'a' }, { onProgress: (m) => progress.push(m) });
      await until(() => progress.length > 0, 'the progress', { everyMs: 1 });
      client.notify('release', { gate: 'a' });
      assert.equal(await waiting, 'passed a');
      assert.deepEqual(progress, ['waiting at a']);
      const { data } = await client.request('buffer', { bytes: 1 << 20 });
      assert.equal(data.byteLength, 1 << 20);
      assert.equal(new Uint8Array(data)[12345], 7);
    } finally {
      close();
    }
  });

  it('a cancelled request rejects at once with Cancelled, the handler is told, and its late end is dropped quietly', async () => {
    const { client, seen, clientLog, close } = pair();
    try {
      const abort = new AbortController();
      const waiting = client.request('wait', { gate: 'b' }, { signal: abort.signal });
      await until(() => seen.started.includes('b'), 'the handler to start', { everyMs: 1 });
      abort.abort();
      await assert.rejects(waiting, (e) => isCancelled(e));
      await until(() => seen.cancelled.includes('b'), 'the handler to see the cancel', { everyMs: 1 });
      // The endpoint keeps working, and the cancelled request's own end was not taken for anything.
      assert.deepEqual(await client.request('echo', { text: 'after' }), { text: 'after', length: 5 });
      assert.deepEqual(clientLog, []);
      assert.equal(client.pending, 0);
    } finally {
      close();
    }
  });

  it('a request already cancelled is never sent', async () => {
    const { client, seen, close } = pair();
    try {
      const abort = new AbortController();
      abort.abort();
      await assert.rejects(client.request('wait', { gate: 'never' }, { signal: abort.signal }), (e) => isCancelled(e));
      assert.deepEqual(await client.request('echo', { text: 'x' }), { text: 'x', length: 1 });
      assert.deepEqual(seen.started, []);
    } finally {
      close();
    }
  });

  it('a newer request in the same lane supersedes the older one (a newer load of the same view)', async () => {
    const { client, seen, close } = pair();
    try {
      const older = client.request('wait', { gate: 'old' }, { lane: 'panel 1' });
      await until(() => seen.started.includes('old'), 'the older to start', { everyMs: 1 });
      const other = client.request('wait', { gate: 'other lane' }, { lane: 'panel 2' });
      const newer = client.request('wait', { gate: 'new' }, { lane: 'panel 1' });
      await assert.rejects(older, (e) => isCancelled(e) && /superseded/.test((e as Error).message));
      await until(() => seen.cancelled.includes('old'), 'the older to be cancelled on the other side', { everyMs: 1 });
      await until(() => seen.started.includes('new'), 'the newer to start', { everyMs: 1 });
      client.notify('release', { gate: 'new' });
      client.notify('release', { gate: 'other lane' });
      assert.equal(await newer, 'passed new');
      assert.equal(await other, 'passed other lane', 'another lane is left alone');
    } finally {
      close();
    }
  });

  it('a cancelled request whose handler runs on past the deadline is reported once', async () => {
    const overdue: string[] = [];
    // The deaf endpoint's deadline is short (nothing ever answers it); the live pair's is generous, so a loaded
    // machine ending the cancelled handler late is still on time.
    const { client, seen, close } = pair([], { cancelDeadlineMs: DEADLINE_MS, onCancelOverdue: (kind) => overdue.push(kind) });
    try {
      const abort = new AbortController();
      // A request the other side never ends: sent on a port nobody listens to.
      const { port1, port2 } = new MessageChannel();
      const deaf = new Endpoint<Client, Server>(portChannel(port1), { name: 'deaf', cancelDeadlineMs: 10, onCancelOverdue: (kind) => overdue.push(kind) });
      const waiting = deaf.request('wait', { gate: 'deaf' }, { signal: abort.signal });
      abort.abort();
      await assert.rejects(waiting, (e) => isCancelled(e));
      await until(() => overdue.length > 0, 'the overdue report', { everyMs: 1 });
      assert.deepEqual(overdue, ['wait']);
      port1.close();
      port2.close();
      // A handler that ends when cancelled is not overdue.
      const abort2 = new AbortController();
      const ends = client.request('wait', { gate: 'c' }, { signal: abort2.signal });
      await until(() => seen.started.includes('c'), 'the handler to start', { everyMs: 1 });
      abort2.abort();
      await assert.rejects(ends);
      await until(() => seen.cancelled.includes('c'), 'the handler to end', { everyMs: 1 });
      assert.deepEqual(overdue, ['wait']);
    } finally {
      close();
    }
  });

  it('ignores messages outside its vocabulary with a log line each, and keeps serving', async () => {
    const serverLog: string[] = [];
    const { client, raw, close } = pair(serverLog);
    try {
      raw({ kind: 'deleteEverything', id: 1, params: {} });
      raw({ kind: 'echo', params: { text: 'no id' } });
      raw({ kind: 'echo', id: 'one', params: { text: 'bad id' } });
      raw({ type: 'echo', id: 2 });
      raw('echo');
      raw(null);
      raw({ kind: 'reply', id: 99, result: 'for nobody' });
      raw({ kind: 'x'.repeat(10_000), id: 3 });
      assert.deepEqual(await client.request('echo', { text: 'still here' }), { text: 'still here', length: 10 });
      await until(() => serverLog.length >= 8, 'eight log lines', { everyMs: 1 });
      assert.deepEqual(serverLog.slice(0, 7), [
        'client: ignored a message of unknown kind "deleteEverything"',
        'client: ignored a "echo" request without an id',
        'client: ignored a "echo" request without an id',
        'client: ignored a message without a kind',
        'client: ignored a message without a kind',
        'client: ignored a message without a kind',
        'client: ignored a reply for request 99, which is not waiting',
      ]);
      assert.ok(serverLog[7].length < 120, 'a huge kind is cut short in the log');
    } finally {
      close();
    }
  });

  it('abandoning its incoming requests stops their handlers and sends nothing back (the page that asked is gone)', async () => {
    const { client, server, seen, close } = pair();
    try {
      const waiting = client.request('wait', { gate: 'gone' });
      let settled = false;
      void waiting.then(() => { settled = true; }, () => { settled = true; });
      await until(() => seen.started.includes('gone'), 'the handler to start', { everyMs: 1 });
      server.abandonIncoming();
      await until(() => seen.cancelled.includes('gone'), 'the handler to see it', { everyMs: 1 });
      // A round trip after the abandoned request: had anything been sent for it, it would have arrived first.
      assert.deepEqual(await client.request('echo', { text: 'y' }), { text: 'y', length: 1 });
      assert.equal(settled, false);
    } finally {
      close();
    }
  });

  it('closing rejects what is in flight and what comes after', async () => {
    const { client, close } = pair();
    try {
      const waiting = client.request('wait', { gate: 'closing' });
      client.close('the profile worker exited with code 1');
      await assert.rejects(waiting, /exited with code 1/);
      await assert.rejects(client.request('echo', { text: 'z' }), /exited with code 1/);
    } finally {
      close();
    }
  });
});
