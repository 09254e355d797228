// The editor's comparisons in words, as a command line and as a link: what each side is called (what tells it apart
// first), the header's details, the presets' windows, "vs the rest", the perflens diff command line (hostile label
// values quoted for the shell and read back by the CLI's own parser as the same selection), the vscode:// link (read
// back the same, bad ones refused), and the gutter's plan in the share and absolute modes.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { sideSelections } from '../../../src/cli/diffSides';
import { diffCommandLine, negateMatcher, sideLabel, windowsAgo, type CompareSide, type ComparisonSource } from '../../../src/editor/diff/comparison';
import { comparisonHeader } from '../../../src/editor/diff/comparisonHeader';
import { buildCompareLink, isCompareLink, parseCompareLink } from '../../../src/editor/diff/comparisonLink';
import { comparisonSource } from '../../../src/editor/diff/comparisonSource';
import type { ConfiguredSource } from '../../../src/editor/sources/sourceSettings';
import { parseSourceSpec } from '../../../src/sources';
import { planDiff, readingOf } from '../../../src/editor/diff/diffPlan';
import type { LineDeltaView } from '../../../src/shared/releaseDiffView';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const HOUR = 3_600_000;
const source = { name: 'prod', spec: 'pyroscope+https://pyro.example.net', kind: 'pyroscope', id: 'pyroscope+https://pyro.example.net' };
const side = (parts: Partial<CompareSide>): CompareSide => ({ source, service: 'shop', type: 'cpu', sampleType: 'cpu', labels: [], ...parts });

describe('comparison sides in words', () => {
  it('names each side by what tells it apart', () => {
    const w = windowsAgo(NOW, HOUR, 24 * HOUR);
    assert.deepEqual(w.head, { fromMs: NOW - HOUR, toMs: NOW });
    assert.deepEqual(w.base, { fromMs: NOW - 25 * HOUR, toMs: NOW - 24 * HOUR });
    assert.equal(w.headName, 'last hour');
    assert.equal(w.baseName, 'the same hour yesterday');
    assert.equal(windowsAgo(NOW, 24 * HOUR, 7 * 24 * HOUR).baseName, 'the same 24 hours a week ago');
    assert.equal(windowsAgo(NOW, HOUR, HOUR).baseName, 'the hour before');
    const base = side({ range: w.base, rangeName: w.baseName });
    const head = side({ range: w.head, rangeName: w.headName });
    assert.equal(sideLabel(base, head), 'the same hour yesterday');
    assert.equal(sideLabel(head, base), 'last hour');
    const canary = side({ labels: [{ key: 'canary', op: '=', value: 'true' }] });
    const rest = side({ labels: [negateMatcher(canary.labels[0])] });
    assert.equal(sideLabel(canary, rest), '{canary="true"}');
    assert.equal(sideLabel(rest, canary), '{canary!="true"}');
    assert.equal(sideLabel(side({}), canary), 'all samples');
    assert.equal(sideLabel(side({ versions: ['v2'] }), side({ versions: ['v1'] })), 'v2');
  });

  it('negates every operator: the rest is what the filter does not select', () => {
    assert.deepEqual(['=', '!=', '=~', '!~'].map((op) => negateMatcher({ key: 'k', op: op as '=', value: 'v' }).op), ['!=', '=', '!~', '=~']);
  });

  it('the header lists every part of both sides, profile text as given', () => {
    const h = comparisonHeader({ preset: 'two time ranges', base: side({ versions: ['v1'] }), head: side({ labels: [{ key: 'endpoint', op: '=', value: '<script>' }], frames: { focus: 'pricing' } }) });
    assert.deepEqual(h.base.details.map(([k]) => k), ['source', 'service', 'type', 'version', 'time', 'labels']);
    assert.deepEqual(Object.fromEntries(h.head.details), {
      source: 'prod', service: 'shop', type: 'cpu', version: 'all versions', time: 'all time', labels: '{endpoint="<script>"}', frames: '{focus="pricing"}',
    });
    // "My code only" from the session is applied to both sides, and said in words.
    const mine = comparisonHeader({ preset: 'x', base: side({ frames: { presets: ['app-only'] } }), head: side({ frames: { focus: 'pricing', presets: ['go-runtime', 'app-only'] } }) }, '/work/shop');
    assert.equal(Object.fromEntries(mine.base.details).frames, 'my code only');
    assert.equal(Object.fromEntries(mine.head.details).frames, '{focus="pricing",preset="go-runtime"}; my code only');
    // With no workspace folder open the worker compared every frame: said, and the command makes that comparison.
    const leftOut = comparisonHeader({ preset: 'x', base: side({ frames: { presets: ['app-only'] } }), head: side({ frames: { focus: 'pricing', presets: ['app-only'] } }) }, undefined, true);
    assert.equal(Object.fromEntries(leftOut.base.details).frames, '"my code only" is not applied: no workspace folder is open to tell your code from the rest, every frame is compared');
    assert.equal(Object.fromEntries(leftOut.head.details).frames, '{focus="pricing"}; "my code only" is not applied: no workspace folder is open to tell your code from the rest, every frame is compared');
    assert.ok(leftOut.command && !leftOut.command.includes('app-only') && leftOut.command.includes('--focus pricing'), leftOut.command);
  });
});

describe('the comparison as a perflens diff command line', () => {
  const hostile = 'it\'s "quoted" $(rm -rf ~) `x`\nnew line';
  const base = side({ versions: ['v1'], range: { fromMs: NOW - 25 * HOUR, toMs: NOW - 24 * HOUR }, labels: [{ key: 'endpoint', op: '!=', value: hostile }] });
  const head = side({ versions: ['v2'], range: { fromMs: NOW - HOUR, toMs: NOW }, labels: [{ key: 'endpoint', op: '=', value: hostile }] });

  it('a POSIX shell reads back every argument as written, and the CLI selects the same sides', () => {
    const line = diffCommandLine({ preset: 'x', base, head })!;
    // The shell's own reading of the line (printf one argument per line, NUL-separated).
    const words = execFileSync('sh', ['-c', `printf '%s\\0' ${line.replace(/^perflens diff /, '')}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
    const flag = (name: string) => words[words.indexOf(name) + 1];
    assert.equal(flag('--source'), source.spec);
    assert.equal(flag('--base-version'), 'v1');
    const flags = {
      source: flag('--source'), service: flag('--service'), 'base-version': [flag('--base-version')], 'head-version': [flag('--head-version')],
      'base-from': flag('--base-from'), 'base-to': flag('--base-to'), 'head-from': flag('--head-from'), 'head-to': flag('--head-to'),
      'base-labels': [flag('--base-labels')], 'head-labels': [flag('--head-labels')],
    };
    const parsed = sideSelections({ base: [], head: [] }, flags, flag('--type'), NOW);
    assert.ok(!('error' in parsed), JSON.stringify(parsed));
    assert.deepEqual(parsed.base.labels, base.labels);
    assert.deepEqual(parsed.head.labels, head.labels);
    assert.deepEqual(parsed.base.range, base.range);
    assert.deepEqual(parsed.head.range, head.range);
    assert.deepEqual([parsed.base.source, parsed.head.source, parsed.service], [source.spec, source.spec, 'shop']);
  });

  it('the session\'s filter on both sides of a release diff: --labels once, the frame filter, read back by the CLI as the same sides', () => {
    const filter = [{ key: 'endpoint', op: '=' as const, value: 'POST /checkout' }];
    const frames = { focus: 'main\\.handle', presets: ['go-runtime'] };
    const c = { preset: 'this release vs the previous', base: side({ versions: ['v1'], labels: filter, frames }), head: side({ versions: ['v2'], labels: filter, frames }) };
    const line = diffCommandLine(c)!;
    assert.equal(line, `perflens diff --source ${source.spec} --service shop --type cpu --labels '{endpoint="POST /checkout"}' --base-version v1 --head-version v2 --focus 'main\\.handle' --preset go-runtime`);
    const words = execFileSync('sh', ['-c', `printf '%s\\0' ${line.replace(/^perflens diff /, '')}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
    const flag = (name: string) => words[words.indexOf(name) + 1];
    const parsed = sideSelections({ base: [], head: [] }, {
      source: flag('--source'), service: flag('--service'), labels: [flag('--labels')], 'base-version': [flag('--base-version')], 'head-version': [flag('--head-version')],
      focus: flag('--focus'), preset: [flag('--preset')],
    }, flag('--type'), NOW);
    assert.ok(!('error' in parsed), JSON.stringify(parsed));
    for (const name of ['base', 'head'] as const) {
      assert.deepEqual(parsed[name].labels, filter);
      assert.deepEqual(parsed[name].frames, frames);
    }
    // A label value vs the rest under the session's filter: the filter once, each side's own matcher after it.
    const rest = diffCommandLine({ preset: 'x', base: side({ labels: [...filter, { key: 'region', op: '!=', value: 'eu' }] }), head: side({ labels: [...filter, { key: 'region', op: '=', value: 'eu' }] }) })!;
    assert.match(rest, / --labels '\{endpoint="POST \/checkout"\}' --base-labels '\{region!="eu"\}' --head-labels '\{region="eu"\}'$/);
    // "My code only" needs the workspace: given as --root, none without a folder.
    const mine = { ...c, head: { ...c.head, frames: { presets: ['app-only'] } }, base: { ...c.base, frames: { presets: ['app-only'] } } };
    assert.match(diffCommandLine(mine, '/work/my shop')!, / --preset app-only --root '\/work\/my shop'$/);
    assert.equal(diffCommandLine(mine), undefined);
  });

  it('names a source per side when the sides come from two, and the CLI reads back the same sides', () => {
    const parca = { name: 'Parca prod', spec: 'parca+https://parca.example.net', kind: 'parca', id: 'parca+https://parca.example.net' };
    const c = { preset: 'x', base, head: { ...head, source: parca } };
    const line = diffCommandLine(c)!;
    assert.match(line, new RegExp(`^perflens diff --base-source ${source.spec.replace(/[.+/]/g, '\\$&')} --head-source parca\\+https://parca\\.example\\.net --service shop --type cpu `));
    const words = execFileSync('sh', ['-c', `printf '%s\\0' ${line.replace(/^perflens diff /, '')}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
    const flag = (name: string) => words[words.indexOf(name) + 1];
    const parsed = sideSelections({ base: [], head: [] }, {
      'base-source': flag('--base-source'), 'head-source': flag('--head-source'), service: flag('--service'),
      'base-version': [flag('--base-version')], 'head-version': [flag('--head-version')],
      'base-from': flag('--base-from'), 'base-to': flag('--base-to'), 'head-from': flag('--head-from'), 'head-to': flag('--head-to'),
      'base-labels': [flag('--base-labels')], 'head-labels': [flag('--head-labels')],
    }, flag('--type'), NOW);
    assert.ok(!('error' in parsed), JSON.stringify(parsed));
    assert.deepEqual([parsed.base.source, parsed.head.source], [source.spec, parca.spec]);
    assert.deepEqual(parsed.head.labels, head.labels);
    // The sides' labels name their sources first: what tells them apart.
    const h = comparisonHeader(c);
    assert.deepEqual([h.base.label.split(' · ')[0], h.head.label.split(' · ')[0]], ['prod', 'Parca prod']);
    assert.deepEqual([Object.fromEntries(h.base.details).source, Object.fromEntries(h.head.details).source], ['prod', 'Parca prod']);
  });
});

describe('the gutter plan in each mode', () => {
  const line = (n: number, share: [number, number], perSecond: [number, number], significant: boolean): LineDeltaView => ({
    path: '/w/a.go', relativePath: 'a.go', line: n, base: 0, head: 0, baseShare: share[0], headShare: share[1], delta: share[1] - share[0],
    significant, changed: false,
    absolute: { second: { base: perSecond[0], head: perSecond[1], change: perSecond[1] - perSecond[0], significant }, profile: { base: 0, head: 0, change: 0, significant: false } },
  });
  const view = { unit: 'nanoseconds', modes: ['share', 'second', 'profile'] as const, head: { label: 'h', total: 10e9, perSecond: 1e9, profiles: 10, seconds: 10 } };
  const place = (l: number) => l - 1;

  it('shares: a line whose cost did not move still shows its share falling; absolute: it gets no mark', () => {
    const lines = [line(3, [0.2, 0.1], [2e8, 2e8], true), line(5, [0.1, 0.3], [1e8, 3e8], true)];
    const share = planDiff(lines, place, 10, readingOf(view, 'share'));
    assert.deepEqual(share.map((p) => [p.line, p.mark]), [[2, 'fell'], [4, 'rose']]);
    const absolute = planDiff(lines, place, 10, readingOf(view, 'second'));
    assert.deepEqual(absolute.map((p) => [p.line, p.mark, p.text]), [[4, 'rose', '▲ +200 ms/s (100 ms/s → 300 ms/s)']]);
  });

  it('reads a diff without durations per profile', () => {
    assert.equal(readingOf({ ...view, modes: ['share', 'profile'] }, 'second').mode, 'profile');
    assert.equal(readingOf({ ...view, modes: ['share'] }, 'second').mode, 'share');
  });
});

describe('the comparison as a link', () => {
  const hostile = 'a&b "c" }{\nd';
  const c = {
    preset: 'x',
    base: side({ versions: ['v1', 'v1.1'], range: { fromMs: NOW - 25 * HOUR, toMs: NOW - 24 * HOUR }, labels: [{ key: 'endpoint', op: '!=' as const, value: hostile }], frames: { focus: 'pricing\\.' } }),
    head: side({ range: { fromMs: NOW - HOUR, toMs: NOW }, labels: [{ key: 'endpoint', op: '=' as const, value: hostile }], frames: { focus: 'pricing\\.' } }),
  };

  it('reads back as the same sides', () => {
    const link = buildCompareLink(c);
    // A server is named by its URL: a colleague's "prod" may be called anything.
    assert.match(link, /^vscode:\/\/perflens\.perflens\/compare\?source=pyroscope%2Bhttps%3A%2F%2Fpyro\.example\.net&service=shop&type=cpu&/);
    const back = parseCompareLink(link);
    assert.deepEqual(back, {
      service: 'shop', type: 'cpu', frames: { focus: 'pricing\\.' },
      base: { source: source.spec, versions: ['v1', 'v1.1'], range: c.base.range, labels: c.base.labels },
      head: { source: source.spec, range: c.head.range, labels: c.head.labels },
    });
    assert.ok(isCompareLink(link));
    // Sides from two sources: each names its own.
    const two = buildCompareLink({ ...c, head: { ...c.head, source: { name: 'Local store', spec: '/work/shop/.perflens/store', kind: 'store', id: 'Local store' } } });
    assert.doesNotMatch(two, /[?&]source=/);
    assert.match(two, /&base\.source=pyroscope%2Bhttps%3A%2F%2Fpyro\.example\.net&/);
    assert.match(two, /&head\.source=Local%20store&/);
    assert.doesNotMatch(two, /perflens%2Fstore/, 'a store folder never goes in a link');
    assert.deepEqual([parseCompareLink(two).base.source, parseCompareLink(two).head.source], [source.spec, 'Local store']);
    assert.ok(!isCompareLink('vscode://perflens.perflens/open?file=a.go'));
  });

  it('tells two sources of one name apart: each side names its own server, in the link and on the command line', () => {
    const staging = { name: 'prod', spec: 'pyroscope+https://staging.example.net', kind: 'pyroscope', id: 'pyroscope+https://staging.example.net' };
    const two = { ...c, base: { ...c.base, source: staging } };
    const back = parseCompareLink(buildCompareLink(two));
    assert.deepEqual([back.base.source, back.head.source], [staging.spec, source.spec]);
    assert.match(diffCommandLine(two)!, /^perflens diff --base-source pyroscope\+https:\/\/staging\.example\.net --head-source pyroscope\+https:\/\/pyro\.example\.net /);
    // The sides' labels say where each is when their names do not tell them apart.
    assert.deepEqual([sideLabel(two.base, two.head).split(' · ')[0], sideLabel(two.head, two.base).split(' · ')[0]], [`prod (${staging.spec})`, `prod (${source.spec})`]);
  });

  it('tells two tenants of one server apart, named alike: labels, header rows, link and command line say whose data each side is', () => {
    // Two unnamed entries with one URL: both are called by the URL; only the tenant tells them apart.
    const url = 'pyroscope+https://pyro.example.net';
    const entry = (tenant: string): ConfiguredSource => ({ name: url, url, config: { ...parseSourceSpec(url), tenant } as ConfiguredSource['config'], scope: 'user' });
    const [a, b] = [comparisonSource(entry('a')), comparisonSource(entry('b'))];
    const two = { ...c, base: { ...c.base, source: a }, head: { ...c.head, source: b } };
    const h = comparisonHeader(two);
    assert.deepEqual([h.base.label.split(' · ')[0], h.head.label.split(' · ')[0]], [`${url} (tenant a)`, `${url} (tenant b)`]);
    assert.deepEqual([Object.fromEntries(h.base.details).source, Object.fromEntries(h.head.details).source], [`${url} (tenant a)`, `${url} (tenant b)`]);
    assert.deepEqual([Object.fromEntries(h.base.details).tenant, Object.fromEntries(h.head.details).tenant], ['a', 'b']);
    // The link names the server once per side with each side's tenant, and reads back so.
    const link = buildCompareLink(two);
    assert.match(link, /&base\.source=pyroscope%2Bhttps%3A%2F%2Fpyro\.example\.net&base\.tenant=a&/);
    assert.match(link, /&head\.source=pyroscope%2Bhttps%3A%2F%2Fpyro\.example\.net&head\.tenant=b&/);
    const back = parseCompareLink(link);
    assert.deepEqual([back.base.source, back.base.tenant, back.head.source, back.head.tenant], [url, 'a', url, 'b']);
    // The command line: one server on both sides, each side's tenant in the variable perflens diff reads.
    const line = diffCommandLine(two)!;
    assert.match(line, /^PERFLENS_BASE_TENANT=a PERFLENS_HEAD_TENANT=b perflens diff --base-source pyroscope\+https:\/\/pyro\.example\.net --head-source pyroscope\+https:\/\/pyro\.example\.net /);
    // One tenant on both sides: in the link once, and as PERFLENS_TENANT (quoted for the shell).
    const spaced = comparisonSource(entry('team a'));
    const one = { ...c, base: { ...c.base, source: spaced }, head: { ...c.head, source: spaced } };
    assert.match(buildCompareLink(one), /\?source=pyroscope%2Bhttps%3A%2F%2Fpyro\.example\.net&tenant=team%20a&service=shop&/);
    assert.deepEqual(parseCompareLink(buildCompareLink(one)).head.tenant, 'team a');
    assert.match(diffCommandLine(one)!, /^PERFLENS_TENANT='team a' perflens diff --source pyroscope\+https:\/\/pyro\.example\.net /);
    // Header rows name two servers of one name by their URLs, as the labels do.
    const staging: ComparisonSource = { name: 'prod', spec: 'pyroscope+https://staging.example.net', kind: 'pyroscope', id: 'pyroscope+https://staging.example.net' };
    const named = comparisonHeader({ ...c, base: { ...c.base, source: staging } });
    assert.deepEqual([Object.fromEntries(named.base.details).source, Object.fromEntries(named.head.details).source], [`prod (${staging.spec})`, `prod (${source.spec})`]);
  });

  it('names a server in a link by its base URL: a query string or fragment in the setting stays out', () => {
    const url = 'pyroscope+https://pyro.example.net:8443/grafana/?orgId=7&x=secret-ish#frag';
    const s = comparisonSource({ name: 'prod', url, config: parseSourceSpec(url), scope: 'user' });
    assert.equal(s.id, 'pyroscope+https://pyro.example.net:8443/grafana');
    const link = buildCompareLink({ ...c, base: { ...c.base, source: s }, head: { ...c.head, source: s } });
    assert.doesNotMatch(link, /orgId|secret-ish|frag/);
    const pprof = 'http://127.0.0.1:6060/debug/pprof/?debug=1';
    assert.equal(comparisonSource({ name: 'live', url: pprof, config: parseSourceSpec(pprof), scope: 'user' }).id, 'pprof+http://127.0.0.1:6060/debug/pprof');
  });

  it('refuses what it cannot read, saying what', () => {
    const base = 'vscode://perflens.perflens/compare?source=prod&service=shop&type=cpu';
    for (const [suffix, message] of [
      ['&base.from=2026-12-07T10:00:00Z', /base\.from and base\.to together/],
      ['&head.from=yesterday&head.to=now', /not two ISO 8601 times/],
      ['&head.from=2026-12-07T10:00:00Z&head.to=2026-12-07T09:00:00Z', /ends before it starts/],
      ['&head.labels=%7Bendpoint%3D', /head\.labels/],
      ['&evil=1', /unknown link parameter 'evil'/],
      ['&service=other', /gives 'service' more than once/],
    ] as const) assert.throws(() => parseCompareLink(base + suffix), message, suffix);
    assert.throws(() => parseCompareLink('vscode://perflens.perflens/compare?service=shop&type=cpu'), /needs 'source' \(or base\.source and head\.source\)/);
    assert.throws(() => parseCompareLink('vscode://perflens.perflens/compare?service=shop&type=cpu&base.source=prod'), /needs 'source'/);
    assert.throws(() => parseCompareLink(`${base}&head.source=other`), /gives source and a side's source: one or the other/);
    assert.throws(() => parseCompareLink('vscode://perflens.perflens/compare?base.source=a&head.source=b&service=shop&type=cpu&tenant=t'), /gives tenant without source/);
    assert.throws(() => parseCompareLink(`${base}&head.tenant=t`), /gives head\.tenant without head\.source/);
  });
});
