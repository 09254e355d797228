// The node count and root total of a serialized call tree (src/core/aggregate/serialize.ts), read from its header
// and first total without decoding the rest: what a panel reports it sent (for the in-host tests and the load bench).
export function callTreeFigures(buffer: ArrayBuffer): { nodes: number; total: number } {
  const view = new DataView(buffer);
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as { meta: { count: number }; columns: { total: { offset: number } } };
  const dataStart = (8 + headerLength + 7) & ~7;
  return { nodes: header.meta.count, total: view.getFloat64(dataStart + header.columns.total.offset, true) };
}
