// Opening what a link asks for: a vscode://perflens.perflens/open link (from the URI handler, a CI job's output,
// a colleague) or a URL copied from Grafana, Pyroscope or Parca ("PerfLens: Open Profile URL..."). Everything in
// the link is checked before anything is loaded: a malformed link or a file outside the workspace loads nothing.
import * as vscode from 'vscode';
import { formatFrameFilter } from '../../core/query/filters';
import { parsePerflensUri, PERFLENS_URI_AUTHORITY, type PerflensLink } from '../../sources/links/perflensUri';
import { LinkError, type ProfileSelection } from '../../sources/links/selection';
import { parseProfileUrl } from '../../sources/links/webLinks';
import type { ProfileSession } from '../profileSession';
import type { SourceContext } from '../sources/loadFromSource';
import { sourceForLink } from './linkSource';
import { loadSelection } from './loadSelection';
import { workspaceTarget } from './workspaceTarget';

/** Where a link left the editor: the file and line shown, when it named one. */
export interface OpenedLink {
  readonly uri?: vscode.Uri;
  readonly line?: number;
}

/** Opens a PerfLens link or a web UI URL; throws an Error whose message says what is wrong (nothing loaded then). */
export async function openLink(ctx: SourceContext, text: string): Promise<OpenedLink | undefined> {
  const trimmed = text.trim();
  const isPerflens = (() => {
    try {
      return new URL(trimmed).host.toLowerCase() === PERFLENS_URI_AUTHORITY;
    } catch {
      return false;
    }
  })();
  if (isPerflens) return openPerflensLink(ctx, parse(() => parsePerflensUri(trimmed)));
  const web = parse(() => parseProfileUrl(trimmed));
  const entry = await sourceForLink(web.source);
  if (!entry) return undefined;
  ctx.log.info(`opening a ${web.ui} link: ${describe(web.selection)} from ${entry.name}`);
  await loadSelection(ctx, entry, web.selection);
  return {};
}

async function openPerflensLink(ctx: SourceContext, link: PerflensLink): Promise<OpenedLink | undefined> {
  const target = link.file !== undefined ? await workspaceTarget(link.file) : undefined;
  const s = link.selection;
  const selects = link.source !== undefined || s.service !== undefined || s.type !== undefined || s.version !== undefined || s.from !== undefined || s.to !== undefined || s.labels.length > 0;
  const spans = link.spanId !== undefined || link.traceId !== undefined ? { spanIds: link.spanId ? [link.spanId] : [], traceIds: link.traceId ? [link.traceId] : [] } : undefined;
  if (selects || spans || !ctx.session.current) {
    const entry = await sourceForLink(link.source);
    if (!entry) return undefined;
    ctx.log.info(`opening a PerfLens link: ${describe(s)}${spans ? ` (span ${link.spanId ?? '-'}, trace ${link.traceId ?? '-'})` : ''}${link.frames ? `, frames ${formatFrameFilter(link.frames)}` : ''} from ${entry.name}`);
    // The link's filter is the whole filter: without frames, none.
    await loadSelection(ctx, entry, s, spans, link.frames ?? {});
  } else if (link.frames && ctx.session.shown) {
    // Only a frame filter (and a place to show): the profiles shown, under it.
    await ctx.session.load({ ...ctx.session.shown, frames: link.frames });
  }
  if (target) return reveal(target, link.line);
  if (link.function !== undefined) return revealFunction(ctx.session, link.function);
  return {};
}

async function reveal(uri: vscode.Uri, line: number | undefined): Promise<OpenedLink> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = line === undefined ? undefined : Math.min(line, doc.lineCount) - 1;
  const selection = at === undefined ? undefined : new vscode.Range(at, 0, at, 0);
  await vscode.window.showTextDocument(doc, { selection, preview: false });
  return { uri, line: at === undefined ? undefined : at + 1 };
}

async function revealFunction(session: ProfileSession, name: string): Promise<OpenedLink> {
  const fn = session.current?.profile.functions.find((f) => f.name === name && f.path !== undefined);
  if (!fn) throw new Error(`the function ${clip(name)} has no cost in a workspace file in the loaded profile`);
  return reveal(vscode.Uri.file(fn.path!), fn.firstLine > 0 ? fn.firstLine : undefined);
}

function parse<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof LinkError) throw new Error(`cannot open the link: ${e.message}`);
    throw e;
  }
}

function describe(s: ProfileSelection): string {
  const parts = [s.service && `service ${s.service}`, s.type && `type ${s.type}`, s.version && `version ${s.version}`, (s.from || s.to) && `${s.from ?? ''} .. ${s.to ?? 'now'}`];
  return parts.filter(Boolean).join(', ') || 'the default selection';
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
