// The growth step of the open-addressing hash tables in the core (merged strings, interned stacks): slots hold
// 1-based entry ids (0 = empty) beside each entry's hash; doubling re-places every entry by linear probing.

/** The same entries in tables twice the size. */
export function doubledSlots(slots: Int32Array, hashes: Int32Array): { slots: Int32Array<ArrayBuffer>; hashes: Int32Array<ArrayBuffer> } {
  const next = { slots: new Int32Array(slots.length * 2), hashes: new Int32Array(slots.length * 2) };
  const mask = next.slots.length - 1;
  for (let k = 0; k < slots.length; k++) {
    if (slots[k] === 0) continue;
    let slot = hashes[k] & mask;
    while (next.slots[slot] !== 0) slot = (slot + 1) & mask;
    next.slots[slot] = slots[k];
    next.hashes[slot] = hashes[k];
  }
  return next;
}
