// "PerfLens: Open in Pyroscope / Grafana / Parca": the loaded selection (service, type, version, label filters,
// time range) opened in the web UI of the source it came from — Grafana's Profiles Drilldown for a Grafana data
// source proxy, the Pyroscope UI for a Pyroscope server, the Parca UI for Parca.
import * as vscode from 'vscode';
import { backendUrl as urlFor, type BackendTarget } from '../../sources/links/backendUrl';
import type { LoadOrigin, LoadOrigins } from './loadOrigin';

/** The web UI's URL for what `origin` loaded; undefined for sources without one. */
export function backendUrl(origin: LoadOrigin, nowMs = Date.now()): BackendTarget | undefined {
  return urlFor(origin.entry.config, origin.selection, origin.range, origin.typeId, nowMs, origin.selector);
}

/** The command: opens the URL in the browser (or with `{ copy: true }` copies it) and returns it. */
export async function openInBackend(origins: LoadOrigins, options: { copy?: boolean } = {}): Promise<string | undefined> {
  const origin = origins.current;
  const target = origin && backendUrl(origin);
  if (!target) {
    void vscode.window.showInformationMessage('PerfLens: "Open in …" needs profiles loaded from a Pyroscope, Grafana or Parca source (by a link, a pasted URL or "Load Profiles from a Source...").');
    return undefined;
  }
  if (options.copy) {
    await vscode.env.clipboard.writeText(target.url);
    void vscode.window.setStatusBarMessage(`PerfLens: ${target.ui} link copied`, 3000);
  } else {
    await vscode.env.openExternal(vscode.Uri.parse(target.url, true));
  }
  return target.url;
}

/** A markdown command link for hovers ("Open in Grafana"), or undefined when the profile has no web UI. */
export function openInHoverLink(origins: LoadOrigins): string | undefined {
  const origin = origins.current;
  const target = origin && backendUrl(origin);
  return target ? `[$(link-external) Open in ${target.ui}](command:perflens.openInBackend "The same query in ${target.ui}")` : undefined;
}
