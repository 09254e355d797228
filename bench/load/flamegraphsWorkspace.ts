// The load bench's workspace: a Go module (github.com/acme/service, the generated profiles' package paths) with a
// few source files, and a local store holding one big heap profile and two small ones of the same service a few
// minutes later — `.perflens/store/loadsvc/v1/alloc_space/<millis>.pb.gz`. The ten flame graph panels are ten
// (files, sample type) keys that all include the big profile; each one's expected total is computed here, from
// the files, with the core decoder (independently of the extension).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readProfileFile } from '../../src/core/profile/parse';
import { writeGoSources } from './goSources';
import { generateHeapProfile, HEAP_SAMPLE_TYPES } from './heapProfile';

export interface PanelPlan {
  readonly sources: readonly string[];
  readonly type: string;
  /** The sum of the type's values over the files, from the core decoder. */
  readonly expectedTotal: number;
}

export interface LoadWorkspace {
  readonly folder: string;
  readonly service: string;
  readonly version: string;
  readonly big: { readonly path: string; readonly bytes: number; readonly gzipBytes: number; readonly samples: number };
  readonly panels: readonly PanelPlan[];
  /** A workspace file with profile cost, and a line inside a function of it (1-based), for the hover probe. */
  readonly hoverFile: string;
  readonly hoverLine: number;
}

const FIRST_MILLIS = Date.UTC(2026, 10, 24, 10, 0, 0);
const FUNCTIONS = 60_000;

export function makeLoadWorkspace(folder: string, bigBytes: number, log: (s: string) => void): LoadWorkspace {
  const service = 'loadsvc';
  const version = 'v1';
  const store = join(folder, '.perflens/store', service, version, 'alloc_space');
  mkdirSync(store, { recursive: true });
  const files: string[] = [];
  // With 60,000 functions the tables alone take ~8.5 MB: the small profiles are 12 MB, a third of it samples.
  const sizes = [bigBytes, 12e6, 12e6];
  let big: LoadWorkspace['big'] | undefined;
  sizes.forEach((target, i) => {
    const started = Date.now();
    const millis = FIRST_MILLIS + i * 600_000;
    const raw = generateHeapProfile({ seed: 7 + i, targetBytes: target, functions: FUNCTIONS, timeNanos: millis * 1e6 });
    const gz = gzipSync(raw, { level: 1 });
    const path = join(store, `${millis}.pb.gz`);
    writeFileSync(path, gz);
    files.push(path);
    if (i === 0) big = { path, bytes: raw.length, gzipBytes: gz.length, samples: 0 };
    log(`generated ${path}: ${(raw.length / 1e6).toFixed(1)} MB (${(gz.length / 1e6).toFixed(1)} MB gzipped) in ${Date.now() - started} ms`);
  });

  // Totals per file and type, from the core decoder.
  const totals = files.map((f) => {
    const p = readProfileFile(f);
    if (f === big!.path) big = { ...big!, samples: p.samples.count };
    const stride = p.sampleTypes.length;
    return Object.fromEntries(p.sampleTypes.map((t, k) => {
      let sum = 0;
      for (let i = k; i < p.samples.values.length; i += stride) sum += p.samples.values[i];
      return [t.type, sum];
    })) as Record<string, number>;
  });
  const plan = (n: number, type: string): PanelPlan => ({
    sources: files.slice(0, n), type, expectedTotal: totals.slice(0, n).reduce((s, t) => s + t[type], 0),
  });
  // The big profile alone in its four sample types, with the next one (a 20-minute window) in the four, and all
  // three in the two byte types: ten keys, ten panels, each with the big profile in it.
  const panels = [
    ...HEAP_SAMPLE_TYPES.map((t) => plan(1, t)),
    ...HEAP_SAMPLE_TYPES.map((t) => plan(2, t)),
    plan(3, 'alloc_space'), plan(3, 'inuse_space'),
  ];

  // Go sources of the hottest functions, at the lines the profile names, so the hover has something to show.
  const { hotFile, hotLine } = writeGoSources(folder, 40);
  return { folder, service, version, big: big!, panels, hoverFile: hotFile, hoverLine: hotLine };
}
