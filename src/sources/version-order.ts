/** The order every source lists versions in: by last seen time, oldest first; versions without times first. */
import type { VersionInfo } from './types';

export function compareVersionsByTime(a: VersionInfo, b: VersionInfo): number {
  return (
    compareOptional(a.lastSeenMs, b.lastSeenMs) ||
    compareOptional(a.firstSeenMs, b.firstSeenMs) ||
    a.version.localeCompare(b.version)
  );
}

function compareOptional(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a - b;
}
