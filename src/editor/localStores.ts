// The local stores the editor reads (the workspace's, one named in settings, the one loaded files came from): one
// LocalStore per folder for the window's lifetime (its listing cache), reading what files hold through the profile
// worker — listing a store never decodes a profile on the extension host.
import * as vscode from 'vscode';
import { LocalStore } from '../sources';
import type { DescribeFiles } from '../sources/profile-metadata';
import { readConfig } from './config';
import type { ProfileAnalyzer } from './profileAnalyzer';

export class LocalStores {
  private readonly stores = new Map<string, LocalStore>();
  /** Files described in the profile worker; a listing the user waits for, so not background work. */
  readonly describe: DescribeFiles = (files, signal) => this.analyzer.request('describeFiles', { files, limits: readConfig().limits }, { signal });

  constructor(private readonly analyzer: ProfileAnalyzer, private readonly log: vscode.LogOutputChannel) {}

  at(root: string): LocalStore {
    let store = this.stores.get(root);
    if (!store) {
      store = new LocalStore(root, { limits: readConfig().limits, describe: this.describe, onWarning: (w) => this.log.warn(w) });
      this.stores.set(root, store);
    }
    return store;
  }
}
