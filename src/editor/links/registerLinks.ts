// The link features' registrations: the vscode:// URI handler, "PerfLens: Open Profile URL..." and "PerfLens: Open
// in Pyroscope / Grafana / Parca". Failures become one error message; a refused link loads nothing.
import * as vscode from 'vscode';
import { askText } from '../prompts';
import type { SourceContext } from '../sources/loadFromSource';
import { reporting } from '../commands';
import type { LoadOrigins } from './loadOrigin';
import { openInBackend } from './openInBackend';
import { linkOfDecodedUri } from '../../sources/links/perflensUri';
import { openLink, type OpenedLink } from './openLink';
import { profileOfSpan } from './profileOfSpan';
import { isCompareLink } from '../diff/comparisonLink';

/** `openComparison`: opens a comparison link (vscode://perflens.perflens/compare?…, editor/diff/comparisonLink.ts). */
export function registerLinks(ctx: SourceContext, origins: LoadOrigins, openComparison?: (text: string) => Promise<void>): vscode.Disposable[] {
  const open = reporting(ctx.log, 'Opening the link', async (text: string) => {
    if (openComparison && isCompareLink(text)) return openComparison(text).then(() => ({}));
    return openLink(ctx, text);
  }) as (text: string) => Promise<OpenedLink | undefined>;
  return [
    vscode.window.registerUriHandler({ handleUri: async (uri) => { await open(linkOfDecodedUri(uri)); } }),
    vscode.commands.registerCommand('perflens.openProfileUrl', async (arg?: unknown): Promise<OpenedLink | undefined> => {
      const text = typeof arg === 'string' ? arg : await askText({
        title: 'PerfLens: Open Profile URL',
        prompt: 'A URL copied from Grafana (Profiles Drilldown or Explore), the Pyroscope UI or the Parca UI, or a vscode://perflens.perflens link',
        placeHolder: 'https://grafana.example.net/a/grafana-pyroscope-app/explore?…',
        ignoreFocusOut: true,
      });
      return text ? open(text) : undefined;
    }),
    vscode.commands.registerCommand('perflens.openInBackend', reporting(ctx.log, 'Opening in the web UI', (arg?: { copy?: unknown }) => openInBackend(origins, { copy: arg?.copy === true }))),
    vscode.commands.registerCommand('perflens.profileOfSpan', reporting(ctx.log, 'Loading the profile of the span', (arg?: { id?: unknown }) => profileOfSpan(ctx, origins, arg))),
    vscode.commands.registerCommand('perflens.copyBackendLink', reporting(ctx.log, 'Copying the web UI link', () => openInBackend(origins, { copy: true }))),
  ];
}
