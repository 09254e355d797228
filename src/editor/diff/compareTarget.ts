// The source, service and profile type a comparison reads: the loaded profile's, the workspace's service first —
// one source for both sides, or a source per side ("Two sources...": the local store against a Pyroscope server).
import { pickOne } from '../prompts';
import type { ProfileSource, ProfileTypeInfo } from '../../sources';
import { connectSource, pickSource, workspaceServices } from '../sources/loadFromSource';
import { configuredSources, type ConfiguredSource } from '../sources/sourceSettings';
import type { CompareContext } from './showComparison';

/** The source, service and profile type to compare (the loaded profile's, the workspace's service first). */
export interface CompareTarget {
  readonly entry: ConfiguredSource;
  readonly source: ProfileSource;
  readonly service: string;
  readonly type: ProfileTypeInfo;
}

/** Asks for the source and, unless the workspace or the loaded profile says, the service; undefined when dismissed. */
export async function pickTarget(ctx: CompareContext, title: string, askService: boolean): Promise<CompareTarget | undefined> {
  const entry = await pickSource(title, ctx.log);
  if (!entry) return undefined;
  const source = await connectSource(ctx, entry);
  const services = await source.listServices();
  if (services.length === 0) throw new Error(`${source.displayName} has no services to compare.`);
  const service = await chooseService(ctx, title, services, askService);
  if (!service) return undefined;
  const type = chooseType(ctx, await source.listProfileTypes(service));
  if (!type) throw new Error(`${source.displayName} has no profile types for ${service}.`);
  return { entry, source, service, type };
}

/**
 * A source per side (the "before" side first, then another for the "after" side), and a service and profile type
 * both have; undefined when dismissed. Throws with a sentence when fewer than two sources are configured or the two
 * have no service or type in common.
 */
export async function pickTwoTargets(ctx: CompareContext, title: string): Promise<{ base: CompareTarget; head: CompareTarget } | undefined> {
  const configured = configuredSources().sources;
  if (configured.length < 2) {
    throw new Error(`Comparing two sources needs two: ${configured.map((s) => s.name).join(', ') || 'none'} is configured. Add a Pyroscope or Parca server to the perflens.sources setting.`);
  }
  const baseEntry = await pickSource(`${title}: before`, ctx.log, { placeHolder: 'Before: where are the profiles to compare against?' });
  if (!baseEntry) return undefined;
  const headEntry = await pickSource(`${title}: after`, ctx.log, { placeHolder: 'After: where are the profiles to look at?', among: (s) => s.name !== baseEntry.name || JSON.stringify(s.config) !== JSON.stringify(baseEntry.config) });
  if (!headEntry) return undefined;
  const [base, head] = await Promise.all([connectSource(ctx, baseEntry), connectSource(ctx, headEntry)]);
  const [baseServices, headServices] = await Promise.all([base.listServices(), head.listServices()]);
  const services = baseServices.filter((s) => headServices.includes(s));
  if (services.length === 0) {
    const list = (l: readonly string[]) => (l.length > 0 ? l.slice(0, 10).join(', ') : 'none');
    throw new Error(`${base.displayName} and ${head.displayName} have no service in common (${baseEntry.name}: ${list(baseServices)}; ${headEntry.name}: ${list(headServices)}).`);
  }
  const service = await chooseService(ctx, title, services, false);
  if (!service) return undefined;
  const [baseTypes, headTypes] = await Promise.all([base.listProfileTypes(service), head.listProfileTypes(service)]);
  const common = baseTypes.filter((t) => headTypes.some((h) => h.type === t.type));
  const baseType = chooseType(ctx, common);
  const headType = baseType && headTypes.find((t) => t.type === baseType.type);
  if (!baseType || !headType) {
    throw new Error(`${base.displayName} and ${head.displayName} have no profile type of ${service} in common (${baseEntry.name}: ${baseTypes.map((t) => t.type).join(', ') || 'none'}; ${headEntry.name}: ${headTypes.map((t) => t.type).join(', ') || 'none'}).`);
  }
  return { base: { entry: baseEntry, source: base, service, type: baseType }, head: { entry: headEntry, source: head, service, type: headType } };
}

/** The loaded profile's service, or the workspace's, when the source has it; else the user's pick. */
async function chooseService(ctx: CompareContext, title: string, services: readonly string[], askService: boolean): Promise<string | undefined> {
  const loaded = ctx.session.current?.profile;
  const preferred = [loaded?.service, ...workspaceServices()].filter((s): s is string => !!s);
  const known = preferred.find((s) => services.includes(s));
  if (!askService && known) return known;
  if (services.length === 1) return services[0];
  return pickOne([...services].sort((a, b) => Number(b === known) - Number(a === known) || a.localeCompare(b)), { title, placeHolder: 'Which service?', ignoreFocusOut: true });
}

/** The loaded profile's type when listed, else cpu, else the first. */
function chooseType(ctx: CompareContext, types: readonly ProfileTypeInfo[]): ProfileTypeInfo | undefined {
  const loaded = ctx.session.current?.profile;
  return types.find((t) => t.sampleType === loaded?.type || t.type === loaded?.type) ?? types.find((t) => t.type === 'cpu') ?? types[0];
}
