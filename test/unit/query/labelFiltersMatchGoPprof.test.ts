// `perflens top` with label filters on real profiles with labels, against the real `go tool pprof -top`:
// - pprof's own -tagfocus/-tagignore syntax (regexes with and without a key, numeric ranges with units);
// - perflens's label language, whose matchers have exact pprof equivalents (key=v is -tagfocus=key=^v$,
//   key!=v is -tagignore=key=^v$, …): the same samples must be kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusFile, corpusUnavailable } from '../core/helpers/corpus';
import { FIXTURES_DIR } from '../core/helpers/fixtures';
import { goPprofUnavailable } from '../core/helpers/goPprof';
import { assertSameTop, ourTop, pprofTops, type FilterCase } from './helpers/filteredTop';

const skip = goPprofUnavailable() ?? corpusUnavailable();

async function assertCasesLikePprof(file: string, type: string, unit: string, cases: readonly (FilterCase | [ours: FilterCase, pprof: FilterCase])[]): Promise<void> {
  const pairs = cases.map((c) => (Array.isArray(c) ? c : [c, c]) as [FilterCase, FilterCase]);
  const references = pprofTops(file, type, unit, pairs.map(([, p]) => p));
  const relative = pprofTops(file, type, unit, pairs.map(([, p]) => p), ['relative_percentages=true']);
  for (const [i, [ours, p]] of pairs.entries()) {
    const what = `${JSON.stringify(ours)} vs pprof ${JSON.stringify(p)}`;
    assertSameTop(await ourTop(file, type, ours), references[i], what);
    assertSameTop(await ourTop(file, type, ours, true), relative[i], `${what} (kept total)`);
  }
}

describe('label filters match go tool pprof -tagfocus/-tagignore', { skip }, () => {
  it('Go CPU profile with pprof.Do labels (function=slow|fast, foo=bar, 432 profile_ids)', async () => {
    const file = corpusFile('grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof');
    const slowOnly = (await ourTop(file, 'cpu', { tagfocus: 'function=^slow$' }, true)).total;
    const all = (await ourTop(file, 'cpu', {})).total;
    assert.ok(slowOnly > 0 && slowOnly < all, 'the filter keeps some samples and drops others');
    await assertCasesLikePprof(file, 'cpu', 'nanoseconds', [
      { tagfocus: 'function=slow' }, { tagfocus: 'function=^fast$' }, { tagfocus: 'function=sl,fa' }, { tagfocus: 'slow' },
      { tagfocus: 'foo:bar,function:fast' }, { tagfocus: 'profile_id=^c7' }, { tagfocus: 'profile_id=no such id' },
      { tagignore: 'function=slow' }, { tagignore: 'profile_id=^[0-7]' }, { tagfocus: 'function=fast', tagignore: 'profile_id=[a-c]$' },
      { tagfocus: 'function=' }, { tagignore: 'nothing:matches' },
      [{ labels: 'function=slow' }, { tagfocus: 'function=^slow$' }],
      [{ labels: 'function!="slow"' }, { tagignore: 'function=^slow$' }],
      [{ labels: 'function=~"s.*"' }, { tagfocus: 'function=^(?s:s.*)$' }],
      [{ labels: 'function!~"f.*|x"' }, { tagignore: 'function=^(?s:f.*|x)$' }],
      [{ labels: 'profile_id=~"c.*", function!=slow' }, { tagfocus: 'profile_id=^c', tagignore: 'function=^slow$' }],
      [{ labels: 'foo=""' }, { tagignore: 'foo=' }],
      [{ labels: 'nosuchkey!=""' }, { tagfocus: 'nosuchkey=' }],
      [{ labels: 'foo="bar", function=fast', frames: { focus: 'main' } }, { tagfocus: 'foo:bar,function:fast', frames: { focus: 'main' } }],
    ]);
  });

  it('heap profiles with numeric bytes labels: ranges with units', async () => {
    for (const file of [corpusFile('grafana+pyroscope/pkg/pprof/testdata/heap'), `${FIXTURES_DIR}/go/heap.pb.gz`]) {
      await assertCasesLikePprof(file, 'inuse_space', 'bytes', [
        { tagfocus: 'bytes=1kb:' }, { tagfocus: 'bytes=:512b' }, { tagfocus: 'bytes=4kb:64kb' }, { tagfocus: 'bytes=32kb' },
        { tagfocus: '2kb:1mb' }, { tagignore: 'bytes=:1kb' }, { tagfocus: 'bytes=64' }, { tagfocus: 'bytes=1kb:1mb', tagignore: 'bytes=8kb' },
        { tagfocus: 'bytes=1mb:2kb' }, { tagfocus: 'bytes=10ms:' },
      ]);
    }
  });

  it('.NET, Parca and span profiles: string labels of other runtimes', async () => {
    await assertCasesLikePprof(corpusFile('grafana+pyroscope/pkg/pprof/testdata/dotnet.labels.pprof'), 'cpu', 'nanoseconds', [
      { tagfocus: 'pod=4242' }, { tagfocus: 'qweqwe:asd' }, { tagignore: 'pod=^4' },
      [{ labels: 'pod=~"4.*"' }, { tagfocus: 'pod=^(?s:4.*)$' }],
    ]);
    await assertCasesLikePprof(corpusFile('parca-dev+parca/pkg/parca/testdata/labels.pb.gz'), 'cpu', 'nanoseconds', [
      { tagfocus: 'api=query' }, { tagignore: 'api=query' }, [{ labels: 'api!=query' }, { tagignore: 'api=^query$' }],
    ]);
    await assertCasesLikePprof(corpusFile('grafana+pyroscope/pkg/pprof/testdata/single_group_with_optional_span_id.pb.gz'), 'cpu', 'nanoseconds', [
      { tagfocus: 'span_id=239' }, [{ labels: 'span_id="239", function=slow' }, { tagfocus: 'span_id:239,function:slow' }],
    ]);
  });

  it('--group-by matches -tagroot: a root row per value (and one for samples without the label), the same costs', async () => {
    const file = corpusFile('grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof');
    for (const [key, filters] of [['function', {}], ['profile_id', {}], ['function', { frames: { hide: 'runtime\\.' } }], ['foo', { tagfocus: 'function=fast' }]] as const) {
      const [reference] = pprofTops(file, 'cpu', 'nanoseconds', [filters], [`tagroot=${key}`]);
      const ours = await ourTop(file, 'cpu', filters, false, ['--group-by', key, '--group-top', '1000']);
      // pprof names a group's frame by its value, with the key as its file ("slow function"; "function" alone for
      // samples without the label); perflens by the group's title ("function=slow", "no function").
      const renamed = new Map([...ours.rows].map(([name, row]) => {
        const value = name.startsWith(`${key}=`) ? name.slice(key.length + 1) : undefined;
        return [value !== undefined ? `${value} ${key}` : name === `no ${key}` ? key : name, row];
      }));
      assertSameTop({ total: ours.total, rows: renamed }, reference, `group by ${key} ${JSON.stringify(filters)}`);
    }
  });
});
