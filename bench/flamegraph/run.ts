// Flame graph benchmark in real headless Chromium (software rendering, --disable-gpu): time to first render after
// the data arrives, and frame times while zooming, for generated trees of 10^4, 10^5 and 10^6 nodes, plus a
// worst case with every frame of 10^4 on screen. Writes bench/flamegraph/results.json and the table in README.md.
//   node scripts/build.mjs && node --import tsx bench/flamegraph/run.ts [--reps 5]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { modelTimes } from './modelTimes';
import { openStandalonePage, repoRoot } from './standalonePage';

interface Case { readonly name: string; readonly nodes: number; readonly shape: 'realistic' | 'wide'; readonly width: number; readonly height: number }

const CASES: Case[] = [
  { name: '10^4 nodes', nodes: 1e4, shape: 'realistic', width: 1400, height: 900 },
  { name: '10^5 nodes', nodes: 1e5, shape: 'realistic', width: 1400, height: 900 },
  { name: '10^6 nodes', nodes: 1e6, shape: 'realistic', width: 1400, height: 900 },
  { name: '10^4 nodes, all on screen', nodes: 10_400, shape: 'wide', width: 1920, height: 1080 },
];

const argReps = process.argv.indexOf('--reps');
const REPS = argReps > 0 ? Number(process.argv[argReps + 1]) : 5;

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN; };

async function generatorBundle(): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [join(repoRoot, 'bench/flamegraph/generateTree.ts')], bundle: true, write: false, format: 'iife',
    globalName: 'PerfLensBench', platform: 'browser', target: 'chrome120', minify: true,
  });
  return out.outputFiles[0].text;
}

interface Frame { name: string; depth: number; x: number; y: number; w: number; h: number }

async function hook(page: Page): Promise<{ frames: Frame[]; times: number[]; count: number; boxes: number }> {
  return page.evaluate(() => {
    const e = document.querySelector<HTMLElement>('.flame-debug[data-role="graph"]')!;
    return {
      frames: JSON.parse(e.textContent || '[]'),
      times: (e.dataset.frameMs ?? '').split(',').filter(Boolean).map(Number),
      count: Number(e.dataset.frameCount ?? 0),
      boxes: Number(e.dataset.frames ?? 0),
    };
  });
}

/** The frame times of the frames drawn since `since` (the hook keeps the last 240). */
async function framesSince(page: Page, since: number): Promise<number[]> {
  const h = await hook(page);
  const fresh = Math.min(h.count - since, h.times.length);
  return fresh > 0 ? h.times.slice(h.times.length - fresh) : [];
}

interface Run { firstRender: number; endToEnd: number; zoomFrames: number[]; boxes: number[]; bytes: number; redrawFrames: number[]; redrawBoxes: number; version: string }

async function runOnce(c: Case, generator: string): Promise<Run> {
  const p = await openStandalonePage({ width: c.width, height: c.height });
  try {
    const { page } = p;
    // Through the debugging protocol: the page's CSP (rightly) refuses an injected <script>.
    await page.evaluate(`${generator}\nwindow.PerfLensBench = PerfLensBench; 0`);
    const bytes = await page.evaluate(({ nodes, shape }) => {
      const w = window as unknown as { PerfLensBench: { generateBuffers(n: number, s: string): { tree: ArrayBuffer; annotations: ArrayBuffer; total: number } }; __bench: unknown };
      const b = w.PerfLensBench.generateBuffers(nodes, shape);
      w.__bench = b;
      return b.tree.byteLength + b.annotations.byteLength;
    }, { nodes: c.nodes, shape: c.shape });
    const timing = await page.evaluate(() => new Promise<{ firstRender: number; endToEnd: number }>((resolve) => {
      const b = (window as unknown as { __bench: { tree: ArrayBuffer; annotations: ArrayBuffer; total: number } }).__bench;
      const t0 = performance.now();
      (window as unknown as { __reply(result: unknown, transfer: ArrayBuffer[]): void }).__reply(
        { profile: { key: { sources: ['bench'], type: 'cpu' }, title: 'bench', unit: 'nanoseconds', total: b.total }, source: { tree: b.tree, annotations: b.annotations } }, [b.tree, b.annotations]);
      const poll = () => {
        const d = document.body.dataset;
        if (d.firstRenderAt) resolve({ firstRender: Number(d.firstRenderMs), endToEnd: Number(d.firstRenderAt) - t0 });
        else setTimeout(poll, 5);
      };
      poll();
    }));
    await page.waitForTimeout(300);
    await page.evaluate(() => { document.body.dataset.measureRaster = ''; });
    const canvas = (await page.locator('.flame-view[data-role="graph"] canvas').boundingBox())!;
    const zoomFrames: number[] = [];
    const boxes: number[] = [];
    // Zoom into four wide frames below the root, one after the other, then back out each time (Escape).
    const targets = (await hook(page)).frames.filter((f) => f.depth >= 2 && f.depth <= 10 && f.w >= 5 && f.y + f.h < c.height - 100)
      .sort((a, b) => b.w - a.w).slice(0, 4);
    for (const f of targets) {
      for (const action of ['in', 'out'] as const) {
        const before = (await hook(page)).count;
        if (action === 'in') await page.mouse.click(canvas.x + f.x + f.w / 2, canvas.y + f.y + f.h / 2);
        else await page.keyboard.press('Escape');
        await page.waitForTimeout(450);
        zoomFrames.push(...await framesSince(page, before));
        boxes.push((await hook(page)).boxes);
      }
    }
    // Redraws of the whole view without zooming: the pointer sweeps across the graph (each new hovered frame redraws).
    const redrawFrames: number[] = [];
    const before = (await hook(page)).count;
    for (let k = 0; k < 60; k++) {
      await page.mouse.move(canvas.x + 5 + (k * (canvas.width - 10)) / 60, canvas.y + 30 + (k % 12) * 18);
      await page.waitForTimeout(20);
    }
    await page.waitForTimeout(200);
    redrawFrames.push(...await framesSince(page, before));
    const redrawBoxes = (await hook(page)).boxes;
    return { ...timing, zoomFrames, boxes, bytes, redrawFrames, redrawBoxes, version: p.browser.version() };
  } finally {
    await p.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(repoRoot, 'dist/webview/flamegraph.js'))) throw new Error('run `node scripts/build.mjs` first');
  const generator = await generatorBundle();
  const rows: Record<string, unknown>[] = [];
  let version = '';
  for (const c of CASES) {
    const first: number[] = [];
    const endToEnd: number[] = [];
    const frames: number[] = [];
    const boxes: number[] = [];
    const redraws: number[] = [];
    const redrawBoxes: number[] = [];
    let bytes = 0;
    for (let r = 0; r < REPS; r++) {
      const once = await runOnce(c, generator);
      version = once.version;
      redraws.push(...once.redrawFrames);
      redrawBoxes.push(once.redrawBoxes);
      first.push(once.firstRender);
      endToEnd.push(once.endToEnd);
      frames.push(...once.zoomFrames);
      boxes.push(...once.boxes);
      bytes = once.bytes;
    }
    const row = {
      case: c.name, nodes: c.nodes, viewport: `${c.width}×${c.height}`, megabytes: +(bytes / 1e6).toFixed(1),
      firstRenderMedianMs: +median(first).toFixed(1), firstRenderMaxMs: +Math.max(...first).toFixed(1), endToEndMedianMs: +median(endToEnd).toFixed(1),
      zoomFrames: frames.length, zoomFrameMedianMs: +median(frames).toFixed(2), zoomFrameP95Ms: +quantile(frames, 0.95).toFixed(2),
      boxesPerFrameMedian: median(boxes), boxesPerFrameMax: Math.max(...boxes),
      redrawFrames: redraws.length, redrawFrameMedianMs: +median(redraws).toFixed(2), redrawFrameP95Ms: +quantile(redraws, 0.95).toFixed(2), redrawBoxes: median(redrawBoxes),
    };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  const model = [modelTimes(1e5), modelTimes(1e6)];
  const ops = Object.keys(model[0]).filter((k) => k !== 'nodes');
  const modelTable = [
    '| operation | 10^5 nodes | 10^6 nodes |',
    '|---|---:|---:|',
    ...ops.map((op) => `| ${op} | ${model[0][op]} ms | ${model[1][op]} ms |`),
  ].join('\n');
  console.log(modelTable);
  const chromium = `Chromium ${version} (headless, --disable-gpu: software raster)`;
  writeFileSync(join(repoRoot, 'bench/flamegraph/results.json'), `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), chromium, reps: REPS, cpus: (await import('node:os')).cpus().length, rows, model }, null, 2)}\n`);
  const table = [
    '| tree | viewport | data | first render, median (max) | zoom: frames, median, p95 | boxes on screen after zooms, median (max) | redraw: frames, median, p95 | boxes per redraw |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.case} | ${r.viewport} | ${r.megabytes} MB | ${r.firstRenderMedianMs} ms (${r.firstRenderMaxMs}) | ${r.zoomFrames}, ${r.zoomFrameMedianMs} ms, ${r.zoomFrameP95Ms} ms | ${r.boxesPerFrameMedian} (${r.boxesPerFrameMax}) | ${r.redrawFrames}, ${r.redrawFrameMedianMs} ms, ${r.redrawFrameP95Ms} ms | ${r.redrawBoxes} |`),
  ].join('\n');
  const readme = join(repoRoot, 'bench/flamegraph/README.md');
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const marker = /<!-- results -->[\s\S]*<!-- \/results -->/;
  const block = `<!-- results -->\n${table}\n\n${chromium}, ${REPS} runs per tree (${new Date().toISOString().slice(0, 10)}).\n\n` +
    `Model operations on the page's main thread (same code, Node ${process.versions.node}, median of 5):\n\n${modelTable}\n<!-- /results -->`;
  writeFileSync(readme, marker.test(text) ? text.replace(marker, block) : `${text}\n${block}\n`);
  console.log(table);
}

void main().catch((e) => { console.error(e); process.exit(1); });
