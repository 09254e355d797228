// `perflens mcp` as an agent meets it: a real process spoken to over stdio by the MCP SDK's own client
// (initialize, tools/list, tools/call), on a workspace with a local store of two releases of a real Go program
// (test/fixtures/diff: v2 plants a regression in main.applyTax). Answers are checked against `perflens top` and
// `perflens diff` on the same files, and hostile arguments must come back bounded or refused with one line.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { findMarker } from '../fixtures/read-fixture';
import { runCliCaptured } from './helpers/runCliInProcess';

const repoRoot = resolve(__dirname, '../../..');
const fixtures = join(repoRoot, 'test/fixtures/diff');
const HOUR = 3_600_000;

describe('perflens mcp over stdio (MCP SDK client)', () => {
  let workspace: string;
  let client: Client;
  let stderr = '';
  const t0 = Date.UTC(2026, 10, 1, 8);

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'perflens-mcp-'));
    cpSync(join(fixtures, 'checkout'), workspace, { recursive: true });
    const put = (version: string, timeMs: number, file: string) => {
      const dir = join(workspace, '.perflens/store/checkout', version, 'cpu');
      mkdirSync(dir, { recursive: true });
      cpSync(join(fixtures, file), join(dir, `${timeMs}.pb.gz`));
    };
    put('v1', t0, 'v1-a.pb.gz');
    put('v1', t0 + HOUR, 'v1-b.pb.gz');
    put('v2', t0 + 2 * HOUR, 'v2.pb.gz');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'mcp', '--root', workspace, '--no-git'],
      cwd: repoRoot,
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d) => (stderr += d));
    client = new Client({ name: 'perflens-test', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

  it('initializes as perflens with tools and instructions', () => {
    assert.equal(client.getServerVersion()?.name, 'perflens');
    assert.ok(client.getServerCapabilities()?.tools);
    assert.match(client.getInstructions() ?? '', /read-only/);
  });

  it('lists the four tools with input and output schemas, all read-only', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['compare', 'function_detail', 'line_costs', 'top_functions']);
    for (const t of tools) {
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
      assert.ok(t.outputSchema, `${t.name} has an output schema`);
      assert.ok(t.inputSchema.properties?.service && t.inputSchema.properties?.labels, `${t.name} takes a selection`);
    }
    assert.deepEqual(tools.find((t) => t.name === 'line_costs')!.inputSchema.required, ['file']);
  });

  it('top_functions gives perflens top\'s rows for the selected version, as text and structured content', async () => {
    const r = await call('top_functions', { version: 'v2', limit: 5 });
    assert.ok(!r.isError, textOf(r));
    const top = JSON.parse((await runCliCaptured(['top', join(fixtures, 'v2.pb.gz'), '--json', '--type', 'cpu', '--limit', '5'])).stdout);
    const s = r.structuredContent as { total: number; type: string; functions: { function: string; self: number; total: number }[] };
    assert.equal(s.type, 'cpu');
    assert.equal(s.total, top.total);
    assert.deepEqual(s.functions.map((f) => [f.function, f.self, f.total]), top.rows.map((x: { function: string; flat: number; cum: number }) => [x.function, x.flat, x.cum]));
    const text = textOf(r);
    assert.match(text, /service checkout, type cpu, version v2, 1 profile/);
    assert.match(text, new RegExp(`1\\. ${top.rows[0].function.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*self .*%\\)`));
  });

  it('compare ranks main.applyTax first among significant regressions, at its hot line in the workspace', async () => {
    const r = await call('compare', { base: { version: 'v1' }, head: { version: 'v2' }, limit: 3 });
    assert.ok(!r.isError, textOf(r));
    const s = r.structuredContent as { regressions: { function: string; file: string; line: number | null; significant: boolean; delta: number }[] };
    const diff = JSON.parse((await runCliCaptured(['diff', '--base', join(fixtures, 'v1-a.pb.gz'), join(fixtures, 'v1-b.pb.gz'), '--head', join(fixtures, 'v2.pb.gz'), '--json'])).stdout);
    const expected = diff.functions.filter((f: { significant: boolean; delta: number }) => f.significant && f.delta > 0).slice(0, 3);
    assert.deepEqual(s.regressions.map((x) => x.function), expected.map((f: { function: string }) => f.function));
    const hot = findMarker(join(fixtures, 'checkout'), 'HOT:diff tax-series');
    assert.equal(s.regressions[0].function, 'main.applyTax');
    assert.equal(s.regressions[0].file, hot.file);
    assert.ok(s.regressions.every((x) => x.significant && x.delta > 0));
    assert.match(textOf(r), /Regressions \(share rose\), largest first:[^\n]*\n1\. main\.applyTax: \+\d+\.\d+ pp/);
  });

  it('line_costs puts the most cost of tax.go on the tagged hot line, with its text', async () => {
    const hot = findMarker(join(fixtures, 'checkout'), 'HOT:diff tax-series');
    const r = await call('line_costs', { file: hot.file, version: 'v2' });
    assert.ok(!r.isError, textOf(r));
    const s = r.structuredContent as { lines: { line: number; total: number; text: string }[] };
    const costliest = [...s.lines].sort((a, b) => b.total - a.total)[0];
    assert.equal(costliest.line, hot.line);
    assert.match(costliest.text, /HOT:diff tax-series/);
    assert.deepEqual(s.lines.map((l) => l.line), [...s.lines.map((l) => l.line)].sort((a, b) => a - b), 'lines in file order');
  });

  it('function_detail names callers and callees and the share over the store\'s three profiles', async () => {
    const r = await call('function_detail', { function: 'main.priceOrder' });
    assert.ok(!r.isError, textOf(r));
    const s = r.structuredContent as { found: boolean; callers: { function: string }[]; callees: { function: string }[]; trend: { share: number }[] };
    assert.ok(s.found);
    assert.ok(s.callers.some((c) => c.function === 'main.handleOrder'), JSON.stringify(s.callers));
    assert.ok(s.callees.some((c) => c.function === 'main.applyTax'), JSON.stringify(s.callees));
    assert.equal(s.trend.length, 3);
    assert.ok(s.trend[2].share > s.trend[0].share, 'v2 (newest) spends a larger share in priceOrder');
    // The trend test of perflens trend: three hourly points cannot tell a step from noise among 200 functions.
    const test = (r.structuredContent as { trendTest: { significant: boolean; tests: number; sparkline: string; rise: number } }).trendTest;
    assert.equal(test.sparkline.length, 3);
    assert.ok(test.rise > 0.2 && test.tests > 100, JSON.stringify(test));
    assert.equal(test.significant, false);
    assert.match(textOf(r), /Trend \(share of each bucket's total, buckets of 5 minutes, oldest first\) ▅▅█: changed \+22\.\d\d pts, within sampling noise/);
    const near = await call('function_detail', { function: 'applytax' });
    assert.equal((near.structuredContent as { found: boolean }).found, false);
    assert.match(textOf(near), /Did you mean: main\.applyTax/);
  });

  it('bounds huge limits and says so', async () => {
    const r = await call('top_functions', { limit: 1e12 });
    assert.ok(!r.isError, textOf(r));
    assert.match(textOf(r), /limit 1000000000000 capped at 100/);
    assert.ok((r.structuredContent as { functions: unknown[] }).functions.length <= 100);
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['line_costs', { file: '../../etc/passwd' }, /leaves the workspace/],
    ['line_costs', { file: '/etc/passwd' }, /not inside the workspace/],
    ['line_costs', { file: 'C:\\Windows\\win.ini' }, /not inside the workspace/],
    ['top_functions', { labels: '{x=~"((((a{1000}){1000}){1000}){1000})"}' }, /too large|not a valid regular expression/],
    ['top_functions', { labels: '{x=~"(a*)*b"}' }, /matches none of the 1513 samples/],
    ['top_functions', { source: 'https://evil.example' }, /no source named 'https:\/\/evil\.example'; the configured sources are: store/],
    ['top_functions', { service: 'nope' }, /has no service 'nope'; it has: checkout/],
    ['top_functions', { from: 'yesterday' }, /cannot read 'yesterday' as a time/],
    ['top_functions', { type: 'x'.repeat(100) }, /too_big|at most 64|Too big/i],
    ['function_detail', { function: 'f'.repeat(2000) }, /too_big|at most 1024|Too big/i],
  ];
  for (const [tool, args, message] of refused) {
    it(`${tool} refuses ${JSON.stringify(args).slice(0, 60)} with a clear error`, async () => {
      const r = await call(tool, args);
      assert.equal(r.isError, true, textOf(r));
      assert.match(textOf(r), message);
    });
  }

  it('keeps stdout for the protocol: warnings, if any, went to stderr', () => {
    assert.doesNotMatch(stderr, /internal error/);
  });
});
