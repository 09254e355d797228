// A profile source as the user configured it (perflens.sources), or the local store. Pure: no vscode.
import type { SourceConfig } from '../../sources';

export interface ConfiguredSource {
  readonly name: string;
  readonly url: string;
  readonly config: SourceConfig;
  /** Where the entry came from: user settings can be trusted anywhere, workspace settings only when trusted. */
  readonly scope: 'user' | 'workspace' | 'builtin';
}
