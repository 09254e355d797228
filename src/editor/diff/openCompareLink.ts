// Opening a comparison link (vscode://perflens.perflens/compare?…, from the URI handler or "PerfLens: Open Profile
// URL..."): the link is read and checked first, then its source (a configured one, by name or URL), service and
// type are found, and the comparison is made as "PerfLens: Compare..." makes it.
import { LinkError } from '../../sources/links/selection';
import { sourceForLink } from '../links/linkSource';
import { connectSource } from '../sources/loadFromSource';
import type { CompareSide } from './comparison';
import { parseCompareLink, type CompareLinkSide } from './comparisonLink';
import { comparisonSource } from './compareTarget';
import { showComparison, type CompareContext } from './showComparison';

export async function openCompareLink(ctx: CompareContext, text: string): Promise<void> {
  let link;
  try {
    link = parseCompareLink(text);
  } catch (e) {
    if (e instanceof LinkError) throw new Error(`cannot open the link: ${e.message}`);
    throw e;
  }
  const entry = await sourceForLink(link.source);
  if (!entry) return;
  const source = await connectSource(ctx, entry);
  const types = await source.listProfileTypes(link.service);
  const type = types.find((t) => t.type === link.type || t.sourceId === link.type);
  if (!type) throw new Error(`${source.displayName} has no ${link.type} profiles of ${link.service} (it has ${types.map((t) => t.type).join(', ') || 'none'}).`);
  const side = (s: CompareLinkSide): CompareSide => ({
    source: comparisonSource(entry), service: link.service, type: type.type, sampleType: type.sampleType,
    ...s, ...(link.frames ? { frames: link.frames } : {}),
  });
  ctx.log.info(`opening a comparison link: ${link.service} ${link.type} from ${entry.name}`);
  await showComparison(ctx, { preset: 'from a link', base: side(link.base), head: side(link.head) }, { base: source, head: source });
}
