/** Whether bytes are a JSON object whose first 64 KB contain all of `markers` (cheap: no parsing). */
export function jsonHeadHas(bytes: Uint8Array, ...markers: readonly string[]): boolean {
  let pos = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) pos = 3;
  while (pos < bytes.length && (bytes[pos] === 0x20 || bytes[pos] === 0x0a || bytes[pos] === 0x0d || bytes[pos] === 0x09)) pos++;
  if (bytes[pos] !== 0x7b) return false;
  const head = new TextDecoder('utf-8').decode(bytes.subarray(pos, pos + 64 * 1024));
  return markers.every((m) => head.includes(m));
}
