import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { contrastRatio, parseColor, type Rgba } from '../../../webview/shared/colorMath';
import type { ThemeColors, ThemeKind } from '../../../webview/shared/themeColors';
import { CLASS_APP, CLASS_DEPENDENCY, CLASS_RUNTIME, CLASS_UNKNOWN } from '../../../webview/flamegraph/model/functionTable';
import { paletteFor } from '../../../webview/flamegraph/view/palette';
import { FIXTURES } from './helpers';

/** VS Code's default themes' values of the variables the flame graph reads (the files the benchmark page serves). */
function theme(file: string, kind: ThemeKind): ThemeColors {
  const css = readFileSync(join(FIXTURES, '../../bench/flamegraph/themes', file), 'utf8');
  const v = (name: string): Rgba => {
    const m = new RegExp(`--vscode-${name}:\\s*([^;]+);`).exec(css);
    assert.ok(m, `${file} sets --vscode-${name}`);
    return parseColor(m[1])!;
  };
  const contrast = /--vscode-contrastBorder:\s*([^;]+);/.exec(css);
  return {
    kind, background: v('editor-background'), foreground: v('editor-foreground'),
    charts: { red: v('charts-red'), orange: v('charts-orange'), yellow: v('charts-yellow'), green: v('charts-green'), blue: v('charts-blue'), purple: v('charts-purple'), foreground: v('charts-foreground'), lines: v('charts-lines') },
    focusBorder: v('focusBorder'), contrastBorder: contrast ? parseColor(contrast[1]) : undefined, fontFamily: 'monospace',
  };
}

const themes = [theme('dark.css', 'dark'), theme('light.css', 'light'), theme('high-contrast.css', 'high-contrast')];

describe('flame graph colours from the theme', () => {
  for (const t of themes) {
    it(`${t.kind}: every label reaches WCAG AA contrast (4.5:1) on its box, dimmed boxes included`, () => {
      const p = paletteFor(t);
      for (const e of p.entries) {
        const ratio = contrastRatio(e.textRgba, e.fillRgba);
        assert.ok(ratio >= 4.5, `${e.text} on ${e.fill}: ${ratio.toFixed(2)}`);
      }
    });

    it(`${t.kind}: application, dependency, runtime and unmapped code look different`, () => {
      const p = paletteFor(t);
      const key = (cls: number) => { const e = p.entries[p.classColor(cls, 0) * 2]; return e.border ?? e.fill; };
      const colours = [CLASS_APP, CLASS_DEPENDENCY, CLASS_RUNTIME, CLASS_UNKNOWN].map(key);
      assert.equal(new Set(colours).size, 4, colours.join(' '));
      // Search dims the frames it does not match: the dimmed twin differs from the bright one.
      const bright = p.entries[p.classColor(CLASS_APP, 0) * 2];
      const dim = p.entries[p.classColor(CLASS_APP, 0) * 2 + 1];
      assert.notEqual(dim.border ?? dim.fill, bright.border ?? bright.fill);
    });
  }

  it('high contrast: outlined boxes on the editor background with the theme\'s text colour', () => {
    const p = paletteFor(themes[2]);
    assert.ok(p.highContrast);
    const e = p.entries[p.classColor(CLASS_APP, 0) * 2];
    assert.equal(e.fill, '#000000');
    assert.equal(e.text, '#ffffff');
    assert.ok(e.border && e.border !== e.fill);
  });

  it('parses the colour forms VS Code puts in its variables', () => {
    assert.deepEqual(parseColor('#3794ff'), { r: 0x37, g: 0x94, b: 0xff, a: 1 });
    assert.deepEqual(parseColor('#cccccc80'), { r: 0xcc, g: 0xcc, b: 0xcc, a: 0x80 / 255 });
    assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255, a: 1 });
    assert.deepEqual(parseColor('rgba(10, 20, 30, 0.5)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.equal(parseColor('transparent'), undefined);
    assert.equal(Math.round(contrastRatio(parseColor('#000')!, parseColor('#fff')!)), 21);
  });
});
