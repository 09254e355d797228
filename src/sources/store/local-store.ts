/**
 * The local store read in this thread: the CLI's, the profile worker's and the collector's (the extension host's
 * StoreSource reads what files hold through the profile worker instead).
 */
import { describeFilesHere } from '../describe-here';
import { StoreSource, type StoreSourceOptions } from './store-source';

export type LocalStoreOptions = Omit<StoreSourceOptions, 'describe'> & Partial<Pick<StoreSourceOptions, 'describe'>>;

export class LocalStore extends StoreSource {
  constructor(root: string, options: LocalStoreOptions = {}) {
    super(root, { ...options, describe: options.describe ?? describeFilesHere(options.limits) });
  }
}
