import { openStandalonePage, sendData } from '/work/main/bench/flamegraph/standalonePage';
import { loadFixture } from '/work/main/test/unit/flamegraph/helpers';
import { serializeCallTree } from '/work/main/src/core/aggregate/serialize';
import { encodeAnnotations } from '/work/main/src/shared/flamegraphProtocol';
async function main() {




const theme = (process.argv[2] ?? 'dark') as any;
const fx = await loadFixture('go/cpu.pb.gz', 'cpu');
const p = await openStandalonePage({ theme });
await sendData(p.page, { key: { sources: ['x'], type: 'cpu' }, title: 'shop · cpu', unit: fx.profile.unit, total: fx.profile.total }, serializeCallTree(fx.callTree), encodeAnnotations(fx.annotations));
await p.page.waitForTimeout(800);
await p.page.screenshot({ path: `/tmp/fg/shot-${theme}.png` });
const dbg = await p.page.evaluate(() => document.querySelector('.flame-debug[data-role=graph]')?.textContent?.slice(0, 600));
console.log(dbg);
console.log(await p.page.evaluate(() => JSON.stringify(document.body.dataset)));
await p.close(); fx.dispose();
} main();
