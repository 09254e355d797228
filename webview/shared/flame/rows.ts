// Where a flame graph's rows sit on the canvas. Icicle: the root row at the top, callees below it. Flame: the
// root row at the bottom of the content, callees above it (and a graph shorter than the view sits at its bottom,
// `topPad` below the view's top).
export type Orientation = 'icicle' | 'flame';

/** The top of row `depth` in canvas coordinates. */
export function rowY(depth: number, orientation: Orientation, contentRows: number, rowHeight: number, scrollTop: number, topPad = 0): number {
  return (orientation === 'icicle' ? depth : contentRows - 1 - depth) * rowHeight - scrollTop + topPad;
}

/** The depth at canvas y. */
export function depthAt(y: number, orientation: Orientation, contentRows: number, rowHeight: number, scrollTop: number, topPad = 0): number {
  const row = Math.floor((y + scrollTop - topPad) / rowHeight);
  return orientation === 'icicle' ? row : contentRows - 1 - row;
}
