// What the flame graph's boxes look like on the shop CPU profile: colour by kind of code or by package, frames a
// search does not match dimmed (merged boxes too), labels the functions' short names.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseColor } from '../../../webview/shared/colorMath';
import type { ThemeColors } from '../../../webview/shared/themeColors';
import { parseSearch, searchTree } from '../../../webview/flamegraph/model/search';
import { frameColoring } from '../../../webview/flamegraph/view/frameColoring';
import { paletteFor } from '../../../webview/flamegraph/view/palette';
import { loadFixture, nodesOf, type LoadedFixture } from './helpers';

const c = (hex: string) => parseColor(hex)!;
// VS Code's Dark Modern defaults.
const DARK: ThemeColors = {
  kind: 'dark', background: c('#1f1f1f'), foreground: c('#cccccc'), focusBorder: c('#0078d4'), contrastBorder: undefined, fontFamily: 'monospace',
  charts: { red: c('#f14c4c'), orange: c('#d18616'), yellow: c('#cca700'), green: c('#89d185'), blue: c('#3794ff'), purple: c('#b180d7'), foreground: c('#cccccc'), lines: c('#cccccc80') },
};
const MERGED = -1;

describe('flame graph box colours and labels (shop CPU profile)', () => {
  let fx: LoadedFixture;
  before(async () => { fx = await loadFixture('go/cpu.pb.gz', 'cpu'); });
  after(() => fx?.dispose());
  const palette = paletteFor(DARK);
  const node = (name: string) => nodesOf(fx, name)[0];
  const fillOf = (bucket: number) => palette.entries[bucket].fill;

  it('labels a box with its function\'s short name', () => {
    const coloring = frameColoring(fx.base, fx.functions, palette, 'class', undefined);
    const n = node('example.com/shop/pricing.SumPrices');
    assert.equal(coloring.label(n, coloring.bucket(n)), 'pricing.SumPrices');
  });

  it('by kind of code: application and runtime frames differ; by package: two functions of one package look alike', () => {
    const byClass = frameColoring(fx.base, fx.functions, palette, 'class', undefined);
    const app = node('example.com/shop/pricing.SumPrices');
    const runtime = node('runtime.main');
    assert.notEqual(fillOf(byClass.bucket(app)), fillOf(byClass.bucket(runtime)));
    const byPackage = frameColoring(fx.base, fx.functions, palette, 'package', undefined);
    const fib = node('example.com/shop/pricing.Fib');
    assert.equal(fx.functions.packageName(fx.base.fn[fib]), fx.functions.packageName(fx.base.fn[app]));
    assert.equal(fillOf(byPackage.bucket(fib)), fillOf(byPackage.bucket(app)));
    assert.notEqual(fillOf(byPackage.bucket(app)), fillOf(byPackage.bucket(runtime)));
  });

  it('with a search, matched frames keep their colour, the others and the merged boxes are dimmed', () => {
    const plain = frameColoring(fx.base, fx.functions, palette, 'class', undefined);
    const flags = searchTree(fx.base, fx.functions, parseSearch('pricing\\.Fib$').regex!).nodeFlags;
    const searched = frameColoring(fx.base, fx.functions, palette, 'class', flags);
    const fib = node('example.com/shop/pricing.Fib');
    const sum = node('example.com/shop/pricing.SumPrices');
    assert.equal(fillOf(searched.bucket(fib)), fillOf(plain.bucket(fib)));
    assert.notEqual(fillOf(searched.bucket(sum)), fillOf(plain.bucket(sum)));
    assert.notEqual(fillOf(searched.bucket(MERGED)), fillOf(plain.bucket(MERGED)));
  });

  it('in a high-contrast theme, boxes are outlined in their colour on the editor background', () => {
    const hc = paletteFor({ ...DARK, kind: 'high-contrast', background: c('#000000'), foreground: c('#ffffff') });
    const coloring = frameColoring(fx.base, fx.functions, hc, 'class', undefined);
    assert.equal(coloring.outlined, true);
    const style = coloring.styles[coloring.bucket(node('runtime.main'))];
    assert.equal(style.fill, '#000000');
    assert.ok(style.border && style.border !== style.fill);
  });
});
