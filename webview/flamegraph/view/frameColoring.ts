// The flame graph's box colours: by frame class (application, dependency, runtime, …) in three shades that a
// hash of the function spreads over neighbouring boxes, or by package; with a search, frames it does not match
// (and merged boxes) take their colour's dimmed twin. Labels are the functions' short names.
import type { FlameColoring } from '../../shared/flame/flameRenderer';
import type { FlameTree } from '../../shared/flame/flameTree';
import type { FunctionTable } from '../model/functionTable';
import { MATCHED } from '../model/search';
import type { Palette } from './palette';

export type ColorBy = 'class' | 'package';

/** @param flags per node: MATCHED frames stay bright, the others are dimmed; undefined: nothing dimmed. */
export function frameColoring(tree: FlameTree, functions: FunctionTable, palette: Palette, colorBy: ColorBy, flags: Uint8Array | undefined): FlameColoring {
  return {
    // Palette entry index = colour * 2 + (dimmed ? 1 : 0).
    styles: palette.entries,
    outlined: palette.highContrast,
    bucket(node) {
      if (node < 0) return palette.mergedColor * 2 + (flags !== undefined ? 1 : 0);
      const f = tree.fn[node];
      const shade = (Math.imul(f, 2654435761) >>> 0) % 3;
      const color = colorBy === 'package' && !functions.isPseudo(f) ? palette.packageColor(functions.packageId(f), 0) : palette.classColor(functions.cls[f], shade);
      return color * 2 + (flags !== undefined && (flags[node] & MATCHED) === 0 ? 1 : 0);
    },
    label: (node) => functions.shortName(tree.fn[node]),
  };
}
