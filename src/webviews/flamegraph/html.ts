// The flame graph page's HTML: a strict Content-Security-Policy (nothing but our own script with this load's
// nonce; styles, fonts and its tree files from the extension's folders; no inline handlers, no eval, no network),
// the stylesheet and the bundled script. Pure, so the benchmark page serves exactly what VS Code shows.
import { randomBytes } from 'node:crypto';

export interface PageSources {
  /** webview.cspSource: the origin of the extension's resources inside the webview. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
  readonly title: string;
  /** The frames on screen written for the e2e tests and benchmarks (webview/shared/flame/debugHook.ts). */
  readonly debugHook?: boolean;
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** @param readResources the page fetches files of the extension's (webview resources: its flame graph trees) */
export function contentSecurityPolicy(cspSource: string, nonce: string, readResources = false): string {
  return [
    "default-src 'none'",
    ...(readResources ? [`connect-src ${cspSource}`] : []),
    `img-src ${cspSource} data:`,
    // The nonce lets the toolkit's one feature probe (a <style> it creates, tagged via the csp-nonce meta) run.
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function flameGraphHtml(s: PageSources): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(s.cspSource, s.nonce, true))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${attr(s.nonce)}">
<link rel="stylesheet" href="${attr(s.styleUri)}">
<title>${attr(s.title)}</title>
</head>
<body${s.debugHook ? ' data-debug-hook' : ''}>
<script nonce="${attr(s.nonce)}" src="${attr(s.scriptUri)}"></script>
</body>
</html>`;
}
