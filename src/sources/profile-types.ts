/**
 * The canonical profile types PerfLens names everywhere (store folders, settings, the CLI's --type), and how each
 * backend's names map to them.
 *
 * A canonical type is the pprof sample type a user looks at. Mutex and block profiles both have `contentions` and
 * `delay` sample types, so those two are qualified (`mutex_delay`, `block_delay`); everything else is the sample
 * type name itself. `sampleType` is what to pass to the core's selectSampleType for a decoded profile.
 */
import type { ValueType } from '../core/profile/model';

export type CanonicalType =
  | 'cpu'
  | 'wall'
  | 'alloc_space'
  | 'alloc_objects'
  | 'inuse_space'
  | 'inuse_objects'
  | 'mutex_delay'
  | 'mutex_contentions'
  | 'block_delay'
  | 'block_contentions'
  | 'goroutine';

/** The profiles a process writes together (one Go endpoint, one Pyroscope profile name). */
export type TypeFamily = 'cpu' | 'wall' | 'memory' | 'mutex' | 'block' | 'goroutine';

export interface CanonicalTypeInfo {
  readonly type: CanonicalType;
  readonly family: TypeFamily;
  /** The sample type name in the pprof file. */
  readonly sampleType: string;
  readonly unit: string;
  /** The Go net/http/pprof endpoint (under /debug/pprof/) that serves it. */
  readonly goEndpoint: string;
  /** Pyroscope's profile type id (Go SDK / pprof ingestion naming). */
  readonly pyroscopeId: string;
  readonly title: string;
}

export const CANONICAL_TYPES: readonly CanonicalTypeInfo[] = [
  { type: 'cpu', family: 'cpu', sampleType: 'cpu', unit: 'nanoseconds', goEndpoint: 'profile', pyroscopeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', title: 'CPU time' },
  { type: 'wall', family: 'wall', sampleType: 'wall', unit: 'nanoseconds', goEndpoint: 'profile', pyroscopeId: 'wall:wall:nanoseconds:wall:nanoseconds', title: 'Wall time' },
  { type: 'alloc_space', family: 'memory', sampleType: 'alloc_space', unit: 'bytes', goEndpoint: 'allocs', pyroscopeId: 'memory:alloc_space:bytes:space:bytes', title: 'Allocated bytes' },
  { type: 'alloc_objects', family: 'memory', sampleType: 'alloc_objects', unit: 'count', goEndpoint: 'allocs', pyroscopeId: 'memory:alloc_objects:count:space:bytes', title: 'Allocated objects' },
  { type: 'inuse_space', family: 'memory', sampleType: 'inuse_space', unit: 'bytes', goEndpoint: 'heap', pyroscopeId: 'memory:inuse_space:bytes:space:bytes', title: 'In-use bytes' },
  { type: 'inuse_objects', family: 'memory', sampleType: 'inuse_objects', unit: 'count', goEndpoint: 'heap', pyroscopeId: 'memory:inuse_objects:count:space:bytes', title: 'In-use objects' },
  { type: 'mutex_delay', family: 'mutex', sampleType: 'delay', unit: 'nanoseconds', goEndpoint: 'mutex', pyroscopeId: 'mutex:delay:nanoseconds:contentions:count', title: 'Mutex wait time' },
  { type: 'mutex_contentions', family: 'mutex', sampleType: 'contentions', unit: 'count', goEndpoint: 'mutex', pyroscopeId: 'mutex:contentions:count:contentions:count', title: 'Mutex contentions' },
  { type: 'block_delay', family: 'block', sampleType: 'delay', unit: 'nanoseconds', goEndpoint: 'block', pyroscopeId: 'block:delay:nanoseconds:contentions:count', title: 'Blocking time' },
  { type: 'block_contentions', family: 'block', sampleType: 'contentions', unit: 'count', goEndpoint: 'block', pyroscopeId: 'block:contentions:count:contentions:count', title: 'Blocking events' },
  { type: 'goroutine', family: 'goroutine', sampleType: 'goroutine', unit: 'count', goEndpoint: 'goroutine', pyroscopeId: 'goroutines:goroutine:count:goroutine:count', title: 'Goroutines' },
];

const BY_TYPE = new Map<string, CanonicalTypeInfo>(CANONICAL_TYPES.map((t) => [t.type, t]));

/**
 * Other names users and tools use for a type: Go endpoint names (profile, heap, allocs, mutex, block), bare sample
 * type names (contentions/delay mean the mutex profile, as in Pyroscope's default Go setup), Node's names.
 */
const ALIASES: Readonly<Record<string, CanonicalType>> = {
  profile: 'cpu',
  process_cpu: 'cpu',
  samples: 'cpu',
  time: 'wall',
  wallclock: 'wall',
  heap: 'inuse_space',
  memory: 'inuse_space',
  space: 'inuse_space',
  objects: 'inuse_objects',
  allocs: 'alloc_space',
  alloc: 'alloc_space',
  mutex: 'mutex_delay',
  contentions: 'mutex_contentions',
  delay: 'mutex_delay',
  lock: 'mutex_delay',
  block: 'block_delay',
  goroutines: 'goroutine',
};

export function canonicalTypeInfo(type: string): CanonicalTypeInfo | undefined {
  return BY_TYPE.get(type);
}

/** The canonical type for a name a user typed or a folder is called (case-insensitive, `-` = `_`); else undefined. */
export function canonicalProfileType(name: string): CanonicalType | undefined {
  const key = name.trim().toLowerCase().replace(/-/g, '_');
  if (BY_TYPE.has(key)) return key as CanonicalType;
  return ALIASES[key];
}

/** The canonical types a Go net/http/pprof endpoint serves (`profile` → cpu, `heap` → all four memory types...). */
export function typesOfGoEndpoint(endpoint: string): CanonicalType[] {
  if (endpoint === 'heap' || endpoint === 'allocs') return ['alloc_space', 'alloc_objects', 'inuse_space', 'inuse_objects'];
  if (endpoint === 'profile') return ['cpu'];
  return CANONICAL_TYPES.filter((t) => t.goEndpoint === endpoint).map((t) => t.type);
}

/**
 * The canonical type of a backend profile type given as its parts (Pyroscope's and Parca's
 * `<name>:<sample_type>:<sample_unit>:<period_type>:<period_unit>`), or undefined when there is none.
 */
export function canonicalFromParts(name: string, sampleType: string, periodType = ''): CanonicalType | undefined {
  const n = name.toLowerCase();
  const s = sampleType.toLowerCase();
  switch (s) {
    case 'cpu':
      return 'cpu';
    case 'samples':
    case 'sample':
      // eBPF/Parca agents count CPU samples; Node's time profiler counts wall samples next to `wall`.
      return periodType === 'cpu' || n.includes('cpu') ? 'cpu' : periodType === 'wall' || n === 'wall' ? 'wall' : undefined;
    case 'wall':
    case 'wallclock':
      return 'wall';
    case 'alloc_space':
    case 'alloc_objects':
    case 'inuse_space':
    case 'inuse_objects':
      return s;
    case 'space':
      return n.includes('alloc') ? 'alloc_space' : 'inuse_space';
    case 'objects':
      return n.includes('alloc') ? 'alloc_objects' : 'inuse_objects';
    case 'contentions':
    case 'delay':
      return `${n.includes('block') ? 'block' : 'mutex'}_${s}` as CanonicalType;
    case 'goroutine':
    case 'goroutines':
      return 'goroutine';
    default:
      return undefined;
  }
}

/** Parses a `name:sample_type:sample_unit:period_type:period_unit[:delta]` id into its parts. */
export function splitProfileTypeId(id: string): { name: string; sampleType: string; sampleUnit: string; periodType: string; periodUnit: string } | undefined {
  const parts = id.split(':');
  if (parts.length < 5) return undefined;
  const [name, sampleType, sampleUnit, periodType, periodUnit] = parts;
  return { name, sampleType, sampleUnit, periodType, periodUnit };
}

/**
 * The canonical types a decoded profile provides, from its sample types. Mutex and block profiles look alike
 * (both `contentions/count`, `delay/nanoseconds`), so `hint` (a file or folder name) decides: one containing
 * "block" means block, otherwise mutex.
 */
export function canonicalTypesOfSampleTypes(sampleTypes: readonly ValueType[], periodType?: ValueType, hint = ''): CanonicalType[] {
  const found = new Set<CanonicalType>();
  const family = /block/i.test(hint) ? 'block' : 'mutex';
  const names = new Set(sampleTypes.map((t) => t.type));
  for (const t of sampleTypes) {
    let c: CanonicalType | undefined;
    if (t.type === 'contentions' || t.type === 'delay') c = `${family}_${t.type}` as CanonicalType;
    else if (t.type === 'samples' || t.type === 'sample') {
      // Go CPU: samples/count next to cpu/nanoseconds; Node wall: sample/count next to wall/nanoseconds.
      if (names.has('cpu') || names.has('wall')) continue;
      c = canonicalFromParts('', t.type, periodType?.type ?? '');
    } else c = canonicalFromParts(hint, t.type, periodType?.type ?? '');
    if (c) found.add(c);
  }
  return CANONICAL_TYPES.map((t) => t.type).filter((t) => found.has(t));
}

/** The sample type name a fetched profile of `type` holds (canonical or a backend id); '' when unknown. */
export function sampleTypeFor(type: string): string {
  const canonical = canonicalTypeInfo(type) ?? canonicalTypeInfo(canonicalProfileType(type) ?? '');
  if (canonical) return canonical.sampleType;
  return splitProfileTypeId(type)?.sampleType ?? '';
}
