// `perflens top --focus/--ignore/--hide/--show/--show-from` against the real `go tool pprof -top` with the same
// flags, on real profiles (this repo's fixtures and the shared corpus: Go, Node, Java, Python, .NET): same total,
// same rows, same flat and cum. The patterns come from each profile (functions at several depths, a file, a
// folder), so every case matches something real.
import assert from 'node:assert/strict';
import { dirname, relative } from 'node:path';
import { describe, it } from 'node:test';
import { sortedRows, topTable } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import type { FrameFilter } from '../../../src/core/query/filters';
import { select } from '../../../src/core/query/select';
import { corpusFile, corpusUnavailable } from '../core/helpers/corpus';
import { FIXTURES_DIR, realProfileFixtures } from '../core/helpers/fixtures';
import { goPprofUnavailable } from '../core/helpers/goPprof';
import { assertSameTop, ourTop, pprofTops, quoteMeta } from './helpers/filteredTop';

const skip = goPprofUnavailable();

const CORPUS_PROFILES = [
  'grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof',
  'grafana+pyroscope/pkg/pprof/testdata/profile_java',
  'grafana+pyroscope/pkg/pprof/testdata/profile_python',
  'grafana+pyroscope/pkg/pprof/testdata/dotnet.labels.pprof',
  'grafana+pyroscope/pkg/og/convert/pprof/testdata/nodejs-wall.pb.gz',
  'grafana+pyroscope/pkg/og/convert/pprof/testdata/pyspy-1.pb.gz',
  'parca-dev+parca/pkg/parca/testdata/labels.pb.gz',
  // Same-named functions in different files (Node's `callback`), a heap with thousands of functions.
  'grafana+pyroscope/pkg/og/convert/pprof/testdata/cpu-js.pb.gz',
  'grafana+pyroscope/pkg/og/convert/pprof/testdata/heap-js.pprof',
  'grafana+pyroscope/pkg/pprof/testdata/gotruncatefix/heap_go_truncated_4.pb.gz',
];

/** Filters built from the profile's own functions and files, from the root to the leaves. */
function casesFor(file: string, type: string): [string, FrameFilter][] {
  const selection = select(buildModel([readProfileFile(file)]), { type });
  const rows = sortedRows(selection, topTable(selection, 'function')).filter((r) => r.function !== '');
  const byCum = [...rows].sort((a, b) => b.cum - a.cum || a.function.localeCompare(b.function));
  const at = (fraction: number) => byCum[Math.min(byCum.length - 1, Math.floor(fraction * byCum.length))];
  const name = (fraction: number) => quoteMeta(at(fraction).function);
  const withFile = rows.find((r) => r.file !== '' && r.file.includes('/'));
  const cases: [string, FrameFilter][] = [
    ['focus on a function a third down', { focus: name(1 / 3) }],
    ['focus on a leafy function', { focus: name(0.8) }],
    ['ignore a function a third down', { ignore: name(1 / 3) }],
    ['hide the top flat function', { hide: quoteMeta(rows[0].function) }],
    ['hide two functions, one an ancestor of many', { hide: `${name(0.1)}|${name(0.6)}` }],
    ['show_from a function halfway', { showFrom: name(0.5) }],
    ['show_from near the root', { showFrom: name(0.05) }],
    ['show functions matching a short prefix', { show: `^${quoteMeta(rows[0].function.slice(0, 3))}` }],
    ['focus and ignore', { focus: name(0.2), ignore: name(0.7) }],
    ['focus and hide', { focus: name(0.3), hide: name(0.1) }],
    ['hide and show_from', { hide: name(0.4), showFrom: name(0.2) }],
    ['ignore and show', { ignore: name(0.9), show: name(0.5) }],
    ['a pattern that matches nothing', { focus: 'no such function anywhere 42' }],
  ];
  if (withFile) {
    cases.push(['focus on a file name', { focus: quoteMeta(withFile.file.split('/').pop()!) }]);
    cases.push(['hide a folder', { hide: `^${quoteMeta(dirname(withFile.file))}/` }]);
  }
  return cases;
}

/** The default sample type (as pprof picks it), or the first one with any cost when that one has none. */
function typeWithCost(file: string) {
  const model = buildModel([readProfileFile(file)]);
  const order = [model.defaultTypeIndex, ...model.sampleTypes.keys()];
  const index = order.find((t) => select(model, { type: t }).total > 0) ?? model.defaultTypeIndex;
  return model.sampleTypes[index];
}

function profilesToCompare(): string[] {
  const files = realProfileFixtures();
  if (!corpusUnavailable()) files.push(...CORPUS_PROFILES.map(corpusFile));
  return files;
}

describe('frame filters match go tool pprof -focus/-ignore/-hide/-show/-show_from', { skip }, () => {
  it('has real profiles to compare, from this repo and the shared corpus', { skip: corpusUnavailable() }, () => {
    assert.ok(profilesToCompare().length >= realProfileFixtures().length + CORPUS_PROFILES.length);
  });

  for (const file of profilesToCompare()) {
    const { type, unit } = typeWithCost(file);
    const name = file.startsWith(FIXTURES_DIR) ? relative(FIXTURES_DIR, file) : file.split('/corpus/')[1];
    it(`${name} ${type}`, async () => {
      const cases = casesFor(file, type);
      const references = pprofTops(file, type, unit, cases.map(([, frames]) => ({ frames })));
      for (const [i, [what, frames]] of cases.entries()) assertSameTop(await ourTop(file, type, { frames }), references[i], `${what} ${JSON.stringify(frames)}`);
    });
  }
});
