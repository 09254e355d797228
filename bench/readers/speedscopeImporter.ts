/**
 * speedscope's own importers (the devDependency speedscope@1.25.0), run in node as the reference for formats
 * PerfLens shares with it: its release bundle is evaluated in a sandbox whose window and document are inert
 * stand-ins (its UI never renders), with one line added that hands out the module of importers the bundle loads
 * lazily. Minified names differ between releases, so the line is found by its shape; a bundle where it is not
 * found fails loudly.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const RELEASE = fileURLToPath(new URL('../../node_modules/speedscope/dist/release', import.meta.url));

export interface SpeedscopeFrameFigures {
  readonly self: number;
  readonly total: number;
}

export interface SpeedscopeProfileFigures {
  readonly name: string;
  readonly unit: string;
  readonly totalWeight: number;
  /** Per frame name (frames of one name summed, as a by-name table shows them). */
  readonly frames: Map<string, SpeedscopeFrameFigures>;
}

interface SpeedscopeFrame { name: string; file?: string; line?: number; getSelfWeight(): number; getTotalWeight(): number }
export interface SpeedscopeProfile { getName(): string; getWeightUnit(): string; getTotalWeight(): number; forEachFrame(f: (frame: SpeedscopeFrame) => void): void }
interface Importers {
  importProfileGroupFromText(name: string, text: string): Promise<{ profiles: SpeedscopeProfile[] } | null>;
  importProfilesFromArrayBuffer(name: string, buffer: ArrayBuffer): Promise<{ profiles: SpeedscopeProfile[] } | null>;
}

let importers: Promise<Importers> | undefined;

function loadImporters(): Promise<Importers> {
  const bundle = readdirSync(RELEASE).find((f) => /^speedscope-\w+\.js$/.test(f));
  if (!bundle) throw new Error(`no speedscope bundle in ${RELEASE}`);
  const source = readFileSync(join(RELEASE, bundle), 'utf8');
  const hook = /var (\w+)=Promise\.resolve\(\)\.then\(\(\)=>\(\w+\(\),\w+\)\);(?=\1\.then)/.exec(source);
  if (!hook) throw new Error(`cannot find speedscope's lazily loaded importers in ${bundle}`);
  const patched = source.replace(hook[0], `${hook[0]}globalThis.__perflensImporters=${hook[1]};`);
  const inert: object = new Proxy(function inertStandIn() {}, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : inert),
    apply: () => inert,
    construct: () => inert,
  });
  const sandbox: Record<string, unknown> = {
    console: { ...console, log() {}, time() {}, timeEnd() {}, info() {}, warn() {} },
    setTimeout, clearTimeout, TextDecoder, TextEncoder, URL, document: inert, localStorage: inert,
    navigator: { userAgent: 'node', platform: 'linux' }, location: { href: 'http://127.0.0.1/', protocol: 'http:', hash: '', search: '' },
  };
  sandbox.window = new Proxy(sandbox, { get: (t, key) => (key in t ? t[key as string] : inert) });
  sandbox.self = sandbox.window;
  vm.createContext(sandbox);
  try {
    vm.runInContext(patched, sandbox);
  } catch {
    // The UI's start-up fails without a real DOM; the importers were handed out before it.
  }
  const handed = sandbox.__perflensImporters as Promise<Importers> | undefined;
  if (!handed) throw new Error('speedscope\'s bundle stopped before handing out its importers');
  return handed;
}

/** speedscope's import of a file (as its "Browse" button does): its profiles, in speedscope's model. */
export async function importWithSpeedscope(name: string, bytes: Uint8Array): Promise<SpeedscopeProfile[]> {
  importers ??= loadImporters();
  const imp = await importers;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const group = await imp.importProfilesFromArrayBuffer(name, buffer);
  if (!group) throw new Error(`speedscope does not import ${name}`);
  return group.profiles;
}

/** What speedscope makes of a file: per profile, its total weight and per-frame self and total weights. */
export async function speedscopeFigures(name: string, bytes: Uint8Array): Promise<SpeedscopeProfileFigures[]> {
  return (await importWithSpeedscope(name, bytes)).map((p) => {
    const frames = new Map<string, SpeedscopeFrameFigures>();
    p.forEachFrame((f) => {
      const known = frames.get(f.name) ?? { self: 0, total: 0 };
      frames.set(f.name, { self: known.self + f.getSelfWeight(), total: known.total + f.getTotalWeight() });
    });
    return { name: p.getName(), unit: p.getWeightUnit(), totalWeight: p.getTotalWeight(), frames };
  });
}
