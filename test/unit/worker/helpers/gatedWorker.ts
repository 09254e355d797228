// A worker process with the profile worker's request machinery (endpoint + scheduler) and handlers the test drives:
// `work` takes `steps` steps and waits, inside each, until the test opens that step's gate (so "slow" is a state
// the test controls, not a duration); `spin` never yields (a step that does not end); `crash` writes its last words
// to stderr and exits.
import { Endpoint } from '../../../../src/rpc/endpoint';
import { Scheduler } from '../../../../src/worker/scheduler';

export type GatedVocabulary = {
  requests: {
    work: { params: { name: string; steps: number }; result: string };
    spin: { params: Record<string, never>; result: never };
    crash: { params: { says: string; code: number }; result: never };
  };
  events: { open: { gate: string } };
};
export type GatedHostVocabulary = { requests: Record<string, never>; events: Record<string, never> };

process.on('disconnect', () => process.exit(0));
const endpoint = new Endpoint<GatedVocabulary, GatedHostVocabulary>({ post: (m) => { process.send!(m); } }, { name: 'test' });
const scheduler = new Scheduler();
const open = new Set<string>();
const waiters = new Map<string, () => void>();

/** Gates open unless the test closed them with a name starting with '!' (`!timeline:0` keeps timeline:0 shut until opened). */
const closed = new Set<string>();
const gate = (name: string) => new Promise<void>((resolve) => {
  if (!closed.has(name) || open.has(name)) resolve();
  else waiters.set(name, resolve);
});

endpoint
  .on('open', ({ gate: name }) => {
    if (name.startsWith('!')) { closed.add(name.slice(1)); return; }
    open.add(name);
    waiters.get(name)?.();
  })
  .handle('work', scheduler.handler(async ({ name, steps }, job) => {
    for (let i = 0; i < steps; i++) {
      job.progress(`${name} at step ${i}`);
      await gate(`${name}:${i}`);
      await job.step();
    }
    return name;
  }))
  .handle('crash', ({ says, code }) => {
    process.stderr.write(`${says}\n`, () => process.exit(code));
    return new Promise<never>(() => {});
  })
  .handle('spin', scheduler.handler(async (_params, job) => {
    job.progress('spinning');
    for (;;) { /* a step that never ends */ }
  }));
process.on('message', (m: unknown) => endpoint.receive(m));
