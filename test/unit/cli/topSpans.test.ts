// `perflens top --span ID` / `--trace ID` on a real Go CPU profile whose requests ran as spans (pprof labels span_id
// and span_name, otel-profiling-go style; test/fixtures/spans): a span keeps exactly the samples labelled with its
// id — the same samples as `go tool pprof -tagfocus=span_id=^ID$` — all in its endpoint's function; the links of
// `--link` carry the span so the editor shows the same samples.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePerflensUri } from '../../../src/sources/links/perflensUri';
import { FIXTURES_DIR } from '../core/helpers/fixtures';
import { goPprofUnavailable } from '../core/helpers/goPprof';
import { assertSameTop, ourTop, pprofTops } from '../query/helpers/filteredTop';
import { runCliCaptured } from './helpers/runCliInProcess';

const PROFILE = join(FIXTURES_DIR, 'spans', 'cpu.pb.gz');
const FUNCTION_OF = { 'GET /search': 'main.searchProducts', 'POST /checkout': 'main.chargeCard' } as const;

interface LabelSummary {
  keys: { key: string; values: { value: string; total: number }[] }[];
}

async function spansOf(name: keyof typeof FUNCTION_OF): Promise<string[]> {
  const r = await runCliCaptured(['labels', PROFILE, '--json', '--labels', `span_name="${name}"`]);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as LabelSummary;
  return summary.keys.find((k) => k.key === 'span_id')!.values.map((v) => v.value);
}

async function top(args: readonly string[]): Promise<{ total: number; selected?: number; rows: { function: string; flat: number; cum: number; link?: string }[] }> {
  const r = await runCliCaptured(['top', PROFILE, '--json', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('perflens top --span / --trace', () => {
  it('keeps one span\'s samples: all in its endpoint\'s function, none of the other endpoint\'s or of unlabelled work', async () => {
    const whole = await top([]);
    for (const name of ['GET /search', 'POST /checkout'] as const) {
      const ids = await spansOf(name);
      assert.ok(ids.length >= 2, `the fixture has several ${name} spans`);
      const kept = await Promise.all(ids.map(async (id) => ({ id, r: await top(['--span', id]) })));
      for (const { id, r } of kept) {
        assert.ok(r.selected! > 0 && r.selected! < whole.total, `span ${id} keeps some samples`);
        const mine = r.rows.find((row) => row.function === FUNCTION_OF[name]);
        assert.equal(mine?.cum, r.selected, `span ${id}: all of it is in ${FUNCTION_OF[name]}`);
        const other = name === 'GET /search' ? FUNCTION_OF['POST /checkout'] : FUNCTION_OF['GET /search'];
        assert.ok(!r.rows.some((row) => row.function === other || row.function === 'main.plantedHotspot'), `span ${id} has no ${other} and no unlabelled work`);
      }
      // The spans of one endpoint add up to the endpoint's total.
      const byName = await top(['--labels', `span_name="${name}"`]);
      assert.equal(kept.reduce((sum, k) => sum + k.r.selected!, 0), byName.selected);
      // Several spans: any of them.
      assert.equal((await top(ids.flatMap((id) => ['--span', id]))).selected, byName.selected);
    }
  });

  it('selects the same samples as go tool pprof -tagfocus=span_id=^ID$', { skip: goPprofUnavailable() }, async () => {
    const [id] = await spansOf('GET /search');
    const [reference] = pprofTops(PROFILE, 'cpu', 'nanoseconds', [{ tagfocus: `span_id=^${id}$` }]);
    assertSameTop(await ourTop(PROFILE, 'cpu', {}, false, ['--span', id.toUpperCase()]), reference, `--span ${id}`);
  });

  it('a span and a trace the profile does not have keep nothing, and say so', async () => {
    for (const args of [['--span', '00f067aa0ba902b7'], ['--trace', '4bf92f3577b34da6a3ce929d0e0e4736']]) {
      const r = await runCliCaptured(['top', PROFILE, ...args]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /nothing in the profile matches the filters \(labels \{(span|trace)_id="[0-9a-f]+"\}\)/);
    }
  });

  it('refuses ids that are not hex ids of the right length, in one line', async () => {
    for (const [flag, id] of [['--span', 'xyz'], ['--span', '4bf92f3577b34da6a3ce929d0e0e4736'], ['--trace', '00f067aa0ba902b7'], ['--span', '.*']]) {
      const r = await runCliCaptured(['top', PROFILE, flag, id]);
      assert.equal(r.code, 2, `${flag} ${id}`);
      assert.match(r.stderr, new RegExp(`^perflens top: ${flag}: '.*' is not a ${flag.slice(2)} id \\(\\d+ hex digits\\)`), r.stderr);
      assert.equal(r.stderr.trim().split('\n').length <= 2, true, r.stderr);
    }
  });

  it('--link carries the span, so the editor opens the same samples', async () => {
    const [id] = await spansOf('POST /checkout');
    const r = await top(['--span', id, '--link', '--labels', 'span_name="POST /checkout"']);
    const row = r.rows.find((x) => x.function === 'main.chargeCard')!;
    const link = parsePerflensUri(row.link!);
    assert.equal(link.spanId, id);
    assert.equal(link.function, 'main.chargeCard');
    assert.deepEqual(link.selection.labels, [{ key: 'span_name', op: '=', value: 'POST /checkout' }]);
  });
});
