/**
 * The CLI's (and tests') way to a ProfileSource: makeSource with what profiles hold read in this thread unless
 * `deps.describe` says otherwise. The extension host uses makeSource with its profile worker's describer.
 */
import { describeHere } from './describe-here';
import { makeSource, type SourceConfig, type SourceDeps } from './source-config';
import type { ProfileSource } from './types';

export { parseSourceSpec, type SourceConfig, type SourceDeps } from './source-config';

export function createSource(specOrConfig: string | SourceConfig, deps: SourceDeps = {}): ProfileSource {
  return makeSource(specOrConfig, { ...deps, describe: deps.describe ?? describeHere(deps.limits) });
}
