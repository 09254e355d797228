// What the diff panel's header says about a comparison: both sides in full, and how to make it again — the
// `perflens diff` command line and the vscode:// link. Pure: no vscode.
import type { DiffPageHeader } from '../../shared/diffPanelProtocol';
import { diffCommandLine, sideDetails, sideLabel, type Comparison } from './comparison';
import { buildCompareLink } from './comparisonLink';

/** The panel's header: both sides in full, and the command line that reproduces the comparison. */
export function comparisonHeader(c: Comparison, root?: string): DiffPageHeader {
  const command = diffCommandLine(c, root);
  return {
    preset: c.preset,
    base: { label: sideLabel(c.base, c.head), details: sideDetails(c.base) },
    head: { label: sideLabel(c.head, c.base), details: sideDetails(c.head) },
    ...(command ? { command } : {}),
    link: buildCompareLink(c),
  };
}
