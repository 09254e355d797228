// Opening a comparison link (vscode://perflens.perflens/compare?…, from the URI handler or "PerfLens: Open Profile
// URL..."): the link is read and checked first, then its source (a configured one, by name or URL), service and
// type are found, and the comparison is made as "PerfLens: Compare..." makes it.
import { LinkError } from '../../sources/links/selection';
import { sourceForLink } from '../links/linkSource';
import type { ProfileSource, ProfileTypeInfo } from '../../sources';
import { connectSource } from '../sources/loadFromSource';
import type { ConfiguredSource } from '../sources/sourceSettings';
import type { CompareSide } from './comparison';
import { parseCompareLink, type CompareLinkSide } from './comparisonLink';
import { comparisonSource } from './comparisonSource';
import { showComparison, type CompareContext } from './showComparison';

export async function openCompareLink(ctx: CompareContext, text: string): Promise<void> {
  let link;
  try {
    link = parseCompareLink(text);
  } catch (e) {
    if (e instanceof LinkError) throw new Error(`cannot open the link: ${e.message}`);
    throw e;
  }
  // A source per side (one when both name the same): found, connected and asked for the type in turn.
  const sides: Record<'base' | 'head', { entry: ConfiguredSource; source: ProfileSource; type: ProfileTypeInfo } | undefined> = { base: undefined, head: undefined };
  for (const name of ['base', 'head'] as const) {
    const { tenant, project } = link[name];
    if (name === 'head' && link.head.source === link.base.source && tenant === link.base.tenant && project === link.base.project) { sides.head = sides.base; break; }
    const entry = await sourceForLink(link[name].source, { tenant, project });
    if (!entry) return;
    const source = await connectSource(ctx, entry);
    const types = await source.listProfileTypes(link.service);
    const type = types.find((t) => t.type === link.type || t.sourceId === link.type);
    if (!type) throw new Error(`${source.displayName} has no ${link.type} profiles of ${link.service} (it has ${types.map((t) => t.type).join(', ') || 'none'}).`);
    sides[name] = { entry, source, type };
  }
  const { base, head } = sides as Record<'base' | 'head', NonNullable<(typeof sides)['base']>>;
  const side = (s: CompareLinkSide, from: typeof base): CompareSide => {
    const { source: _, tenant: _tenant, project: _project, ...rest } = s;
    return {
      source: comparisonSource(from.entry), service: link.service, type: from.type.type, sampleType: from.type.sampleType,
      ...rest, ...(link.frames ? { frames: link.frames } : {}),
    };
  };
  ctx.log.info(`opening a comparison link: ${link.service} ${link.type} from ${base.entry.name}${head === base ? '' : ` and ${head.entry.name}`}`);
  await showComparison(ctx, { preset: 'from a link', base: side(link.base, base), head: side(link.head, head) }, { base: base.source, head: head.source });
}
