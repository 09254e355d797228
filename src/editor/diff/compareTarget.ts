// The source, service and profile type a comparison reads: the loaded profile's, the workspace's service first.
import { pickOne } from '../prompts';
import type { ProfileSource, ProfileTypeInfo } from '../../sources';
import { connectSource, pickSource, workspaceServices } from '../sources/loadFromSource';
import type { ConfiguredSource } from '../sources/sourceSettings';
import type { ComparisonSource } from './comparison';
import type { CompareContext } from './showComparison';

/** The source, service and profile type to compare (the loaded profile's, the workspace's service first). */
export interface CompareTarget {
  readonly entry: ConfiguredSource;
  readonly source: ProfileSource;
  readonly service: string;
  readonly type: ProfileTypeInfo;
}

export const comparisonSource = (entry: ConfiguredSource): ComparisonSource => ({
  name: entry.name, spec: entry.config.kind === 'store' ? entry.config.root : entry.url, kind: entry.config.kind,
});

/** Asks for the source and, unless the workspace or the loaded profile says, the service; undefined when dismissed. */
export async function pickTarget(ctx: CompareContext, title: string, askService: boolean): Promise<CompareTarget | undefined> {
  const entry = await pickSource(title, ctx.log);
  if (!entry) return undefined;
  const source = await connectSource(ctx, entry);
  const loaded = ctx.session.current?.profile;
  const services = await source.listServices();
  if (services.length === 0) throw new Error(`${source.displayName} has no services to compare.`);
  const preferred = [loaded?.service, ...workspaceServices()].filter((s): s is string => !!s);
  const known = preferred.find((s) => services.includes(s));
  const service = !askService && known ? known : services.length === 1 ? services[0]
    : (await pickOne([...services].sort((a, b) => Number(b === known) - Number(a === known) || a.localeCompare(b)),
      { title, placeHolder: 'Which service?', ignoreFocusOut: true }));
  if (!service) return undefined;
  const types = await source.listProfileTypes(service);
  const type = types.find((t) => t.sampleType === loaded?.type || t.type === loaded?.type) ?? types.find((t) => t.type === 'cpu') ?? types[0];
  if (!type) throw new Error(`${source.displayName} has no profile types for ${service}.`);
  return { entry, source, service, type };
}
