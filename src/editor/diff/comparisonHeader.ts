// What the diff panel's header says about a comparison: both sides in full, and how to make it again — the
// `perflens diff` command line and the vscode:// link. Pure: no vscode.
import type { DiffPageHeader } from '../../shared/diffPanelProtocol';
import { withoutAppOnly } from '../../core/diff/appOnly';
import { diffCommandLine, sideDetails, sideLabel, type Comparison } from './comparison';
import { buildCompareLink } from './comparisonLink';

/**
 * The panel's header: both sides in full, and the command line that reproduces the comparison.
 * @param appOnlyLeftOut the worker compared every frame: "my code only" was on with no workspace folder open
 */
export function comparisonHeader(c: Comparison, root?: string, appOnlyLeftOut = false): DiffPageHeader {
  // The command makes the comparison that was made: without "my code only" when it was left out.
  const made = appOnlyLeftOut ? { ...c, base: { ...c.base, frames: withoutAppOnly(c.base.frames) }, head: { ...c.head, frames: withoutAppOnly(c.head.frames) } } : c;
  const command = diffCommandLine(made, root);
  return {
    preset: c.preset,
    base: { label: sideLabel(c.base, c.head), details: sideDetails(c.base, appOnlyLeftOut, c.head) },
    head: { label: sideLabel(c.head, c.base), details: sideDetails(c.head, appOnlyLeftOut, c.base) },
    ...(command ? { command } : {}),
    link: buildCompareLink(c),
  };
}
