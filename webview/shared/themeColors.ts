// The workbench theme as the webview sees it: VS Code sets --vscode-* variables on <html> and a vscode-light /
// vscode-dark / vscode-high-contrast(-light) class on <body>, and updates both when the theme changes. Canvas
// drawing reads them here; CSS uses them directly.
import { parseColor, type Rgba } from './colorMath';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface ThemeColors {
  readonly kind: ThemeKind;
  readonly background: Rgba;
  readonly foreground: Rgba;
  readonly charts: { readonly red: Rgba; readonly orange: Rgba; readonly yellow: Rgba; readonly green: Rgba; readonly blue: Rgba; readonly purple: Rgba; readonly foreground: Rgba; readonly lines: Rgba };
  readonly focusBorder: Rgba;
  /** Set in high-contrast themes: the outline every element carries there. */
  readonly contrastBorder: Rgba | undefined;
  readonly fontFamily: string;
}

/** Fallbacks: VS Code's Dark Modern defaults, for a page opened outside VS Code (benchmarks). */
const FALLBACK: Record<string, string> = {
  'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', 'charts-red': '#f14c4c', 'charts-orange': '#d18616',
  'charts-yellow': '#cca700', 'charts-green': '#89d185', 'charts-blue': '#3794ff', 'charts-purple': '#b180d7',
  'charts-foreground': '#cccccc', 'charts-lines': '#cccccc80', 'focusBorder': '#0078d4',
};

export function themeKind(body: HTMLElement): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  return c.contains('vscode-light') ? 'light' : 'dark';
}

export function readTheme(): ThemeColors {
  const style = getComputedStyle(document.documentElement);
  const raw = (name: string) => style.getPropertyValue(`--vscode-${name}`).trim();
  const color = (name: string, fallback = FALLBACK[name]): Rgba => parseColor(raw(name)) ?? parseColor(fallback ?? '#808080')!;
  const background = color('editor-background');
  const contrast = parseColor(raw('contrastBorder'));
  return {
    kind: themeKind(document.body),
    background: { ...background, a: 1 },
    foreground: color('editor-foreground'),
    charts: {
      red: color('charts-red'), orange: color('charts-orange'), yellow: color('charts-yellow'), green: color('charts-green'),
      blue: color('charts-blue'), purple: color('charts-purple'), foreground: color('charts-foreground'), lines: color('charts-lines'),
    },
    focusBorder: color('focusBorder'),
    contrastBorder: contrast && contrast.a > 0 ? contrast : undefined,
    fontFamily: raw('editor-font-family') || 'monospace',
  };
}

/** Calls back when the theme changes (VS Code rewrites the body class and the variables on <html>). */
export function onThemeChange(callback: () => void): () => void {
  let pending = 0;
  const fire = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => { pending = 0; callback(); });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
