// The profile worker's models: one per set of files (each file's path, size, time and the limits it was read with),
// the most recently used kept up to a memory budget (and always the last one). A model answers every view of its files, so the decoded profiles are let go once it is built:
// an 80 MB profile decodes to ~250 MB of columns, its model is about half of that. Beside each model: its workspace
// mappings (per workspace options) and, per sample type, the latest analysis's mapping and function order, so the
// flame graph of the same files reads today's lines and the host's function rows without joining names.
import type { ProfileLimits } from '../core/profile/limits';
import { buildModel } from '../core/model/buildModel';
import { modelBytes, type ProfileModel } from '../core/model/types';
import type { Profile } from '../core/profile/model';
import { readProfileFile } from '../core/profile/parse';
import { mapToWorkspace, type WorkspaceMapping, type WorkspaceOptions } from '../core/symbolicate/workspaceMapping';
import { fileVersionKey } from './fileVersion';

export interface Analysed {
  readonly mapping: WorkspaceMapping | undefined;
  /** Per model function: its row in the analysis's WorkspaceProfile.functions, -1 when it has none. */
  readonly rowOf: Int32Array;
}

export interface ModelEntry {
  readonly key: string;
  readonly model: ProfileModel;
  readonly bytes: number;
  /** Workspace mappings by their options (roots, rules, ref, git allowed). */
  readonly mappings: Map<string, Promise<WorkspaceMapping>>;
  /** The latest analysis per sample type name. */
  readonly analysed: Map<string, Analysed>;
}

/** What the cached models may hold together; the newest is kept whatever its size. */
export const MODEL_CACHE_BYTES = 512 * 1024 * 1024;

export class ModelCache {
  private readonly entries: ModelEntry[] = [];

  constructor(private readonly budgetBytes = MODEL_CACHE_BYTES) {}

  /**
   * The model of these files (the same entry while they are unchanged and cached). `step` runs before each file is
   * decoded and before the model is built, so a request gives way to more urgent ones there.
   */
  async load(sources: readonly string[], limits: Partial<ProfileLimits>, step: () => Promise<void>): Promise<ModelEntry> {
    const key = JSON.stringify(sources.map((s) => {
      const k = fileVersionKey(s, limits);
      return typeof k === 'string' ? k : [s, k.error]; // readProfileFile names the problem
    }));
    const at = this.entries.findIndex((e) => e.key === key);
    if (at >= 0) {
      const [hit] = this.entries.splice(at, 1);
      this.entries.unshift(hit);
      return hit;
    }
    let profiles: Profile[] | undefined = [];
    for (const source of sources) {
      await step();
      profiles.push(readProfileFile(source, limits));
    }
    await step();
    const model = buildModel(profiles);
    profiles = undefined;
    const entry: ModelEntry = { key, model, bytes: modelBytes(model), mappings: new Map(), analysed: new Map() };
    this.entries.unshift(entry);
    let bytes = 0;
    const kept = this.entries.findIndex((e) => (bytes += e.bytes) > this.budgetBytes);
    if (kept >= 1) this.entries.length = kept;
    return entry;
  }

  /** The model's mapping onto a workspace, made once per workspace options. */
  mapping(entry: ModelEntry, options: WorkspaceOptions): Promise<WorkspaceMapping> {
    const key = JSON.stringify([options.roots, options.rules, options.ref ?? null, options.gitEnabled]);
    let mapping = entry.mappings.get(key);
    if (!mapping) {
      mapping = mapToWorkspace(entry.model, options);
      entry.mappings.set(key, mapping);
      mapping.catch(() => entry.mappings.delete(key));
    }
    return mapping;
  }

  /** Lets every model go (the worker has been idle a while). */
  clear(): void {
    this.entries.length = 0;
  }
}
