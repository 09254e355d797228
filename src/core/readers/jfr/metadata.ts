/**
 * A chunk's metadata event: the classes (event types, constant pool types, primitives) with their fields, which
 * is what makes every other byte of the chunk readable.
 *
 * Layout: size, type id 0, start time, duration, metadata id, then a string table (count, strings) and a tree of
 * elements, each `name index, attribute count, (key index, value index)…, child count, children…`. The root holds
 * a "metadata" element whose "class" children carry `id`, `name`, `superType`, `simpleType` and "field" children
 * with `name`, `class` (type id), `constantPool` ("true": the value is a key into that type's pool) and
 * `dimension` ("1": an array).
 */
import { JfrCursor, JfrMalformed, StringRef } from './cursor';

export interface JfrField {
  readonly name: string;
  readonly typeId: number;
  readonly constantPool: boolean;
  readonly array: boolean;
}

export interface JfrClass {
  readonly id: number;
  readonly name: string;
  readonly superType: string;
  readonly fields: readonly JfrField[];
}

export interface Metadata {
  readonly byId: ReadonlyMap<number, JfrClass>;
  readonly byName: ReadonlyMap<string, JfrClass>;
}

/** Elements nest root → metadata → class → field → annotation; anything much deeper is not metadata. */
const MAX_DEPTH = 16;

interface Element {
  readonly name: string;
  readonly attributes: Map<string, string>;
  readonly children: Element[];
}

/** Reads the metadata event at `start` (inside a chunk ending at `end`). */
export function readMetadata(buf: Uint8Array, start: number, end: number): Metadata {
  const c = new JfrCursor(buf, start, end);
  const size = c.varlong();
  if (size <= 0 || start + size > end) throw new JfrMalformed(`metadata event at byte ${start} has size ${size}, past the end of its chunk`);
  c.end = start + size;
  const type = c.varlong();
  if (type !== 0) throw new JfrMalformed(`the event at the metadata offset (byte ${start}) has type ${type}, not 0`);
  c.varlong(); // start time
  c.varlong(); // duration
  c.varlong(); // metadata id
  const stringCount = c.count('metadata string count');
  const strings: string[] = new Array(stringCount);
  for (let i = 0; i < stringCount; i++) {
    const s = c.string();
    if (s instanceof StringRef) throw new JfrMalformed(`metadata string ${i} refers to a constant pool, which metadata cannot`);
    strings[i] = s ?? '';
  }
  const root = readElement(c, strings, 0);
  c.within('metadata event', start);

  const byId = new Map<number, JfrClass>();
  const byName = new Map<string, JfrClass>();
  for (const section of root.children) {
    if (section.name !== 'metadata') continue;
    for (const element of section.children) {
      if (element.name !== 'class') continue;
      const cls = toClass(element);
      byId.set(cls.id, cls);
      byName.set(cls.name, cls);
    }
  }
  return { byId, byName };
}

function readElement(c: JfrCursor, strings: readonly string[], depth: number): Element {
  if (depth > MAX_DEPTH) throw new JfrMalformed(`metadata elements nested more than ${MAX_DEPTH} deep at byte ${c.pos}`);
  const name = stringAt(strings, c.varlong(), c);
  const attributeCount = c.count('metadata attribute count', 2);
  const attributes = new Map<string, string>();
  for (let i = 0; i < attributeCount; i++) {
    const key = stringAt(strings, c.varlong(), c);
    attributes.set(key, stringAt(strings, c.varlong(), c));
  }
  const childCount = c.count('metadata child count', 3);
  const children: Element[] = [];
  for (let i = 0; i < childCount; i++) children.push(readElement(c, strings, depth + 1));
  return { name, attributes, children };
}

function stringAt(strings: readonly string[], index: number, c: JfrCursor): string {
  const s = strings[index];
  if (s === undefined) throw new JfrMalformed(`metadata string index ${index} at byte ${c.pos} is past the ${strings.length} strings`);
  return s;
}

function toClass(element: Element): JfrClass {
  const id = idAttribute(element, 'id');
  const fields: JfrField[] = [];
  for (const child of element.children) {
    if (child.name !== 'field') continue;
    fields.push({
      name: child.attributes.get('name') ?? '',
      typeId: idAttribute(child, 'class'),
      constantPool: child.attributes.get('constantPool') === 'true',
      array: (child.attributes.get('dimension') ?? '0') !== '0',
    });
  }
  return { id, name: element.attributes.get('name') ?? '', superType: element.attributes.get('superType') ?? '', fields };
}

function idAttribute(element: Element, key: string): number {
  const text = element.attributes.get(key);
  const id = Number(text);
  if (text === undefined || !Number.isSafeInteger(id) || id < 0) {
    throw new JfrMalformed(`metadata ${element.name} ${element.attributes.get('name') ?? ''} has no valid ${key} (${text ?? 'missing'})`);
  }
  return id;
}
