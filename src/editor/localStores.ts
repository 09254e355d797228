// The local stores the editor reads (the workspace's, one named in settings, the one loaded files came from): one
// StoreSource per folder for the window's lifetime (its listing cache), reading what files hold through the profile
// worker — listing a store never decodes a profile on the extension host.
import * as vscode from 'vscode';
import { StoreSource, type ProfileDescriber } from '../sources';
import { readConfig } from './config';
import type { ProfileAnalyzer } from './profileAnalyzer';
import { workerDescriber } from './workerDescriber';

export class LocalStores {
  private readonly stores = new Map<string, StoreSource>();
  /** What profiles hold, read in the profile worker: for the stores and the remote sources of this window. */
  readonly describe: ProfileDescriber;

  constructor(analyzer: ProfileAnalyzer, private readonly log: vscode.LogOutputChannel) {
    this.describe = workerDescriber(analyzer);
  }

  at(root: string): StoreSource {
    let store = this.stores.get(root);
    if (!store) {
      store = new StoreSource(root, { limits: readConfig().limits, describe: this.describe.files, onWarning: (w) => this.log.warn(w) });
      this.stores.set(root, store);
    }
    return store;
  }
}
