/**
 * What a file no reader accepts looks like, in a few words for the one-line error: "an HTML page", "a ZIP
 * archive", "text starting with "Traceback (most recent call last):"", "binary data starting 7f 45 4c 46"...
 */

const MAGICS: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (unpack it first)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed data (decompress it first)' },
  { bytes: [0x42, 0x5a, 0x68], what: 'bzip2-compressed data (decompress it first)' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed data (decompress it first)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable or library, not a profile of one' },
  { bytes: [0x4d, 0x5a], what: 'a Windows executable, not a profile of one' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x4e, 0x65, 0x74, 0x54, 0x72, 0x61, 0x63, 0x65], what: 'a .nettrace file (convert it with dotnet-trace convert --format speedscope)' },
];

const decoder = new TextDecoder('utf-8', { fatal: true });

export function describeContent(bytes: Uint8Array): string {
  const known = knownOtherContent(bytes);
  if (known) return known;
  const text = headText(bytes);
  if (text === undefined) return `binary data starting ${hex(bytes.subarray(0, 8))}`;
  const trimmed = text.trimStart();
  if (trimmed === '') return 'a file of blank lines';
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return `JSON that is neither speedscope nor .cpuprofile (starts ${quote(trimmed)})`;
  return `text starting ${quote(trimmed)}`;
}

/**
 * What the bytes are when they are surely no profile (an archive, an image, a web page...): checked before any
 * reader, since such bytes can begin like a protobuf field.
 */
export function knownOtherContent(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'an empty file';
  for (const m of MAGICS) if (m.bytes.every((b, i) => bytes[i] === b)) return m.what;
  const text = headText(bytes)?.trimStart();
  if (text === undefined) return undefined;
  if (/^<(!doctype html|html|head|body)\b/i.test(text)) return 'an HTML page (a server\'s login or error page?)';
  if (/^<svg\b/i.test(text) || (/^<\?xml\b/i.test(text) && /<svg\b/i.test(text))) return 'an SVG image (a picture of a flame graph, not its data?)';
  if (/^<\?xml\b/i.test(text)) return 'an XML document';
  return undefined;
}

/** The first bytes as text when they are UTF-8 without control characters other than whitespace. */
function headText(bytes: Uint8Array): string | undefined {
  let head = bytes.subarray(0, 512);
  // Do not let a multi-byte character cut at the end make the text invalid.
  let end = head.length;
  while (end > 0 && end > head.length - 4 && (head[end - 1] & 0xc0) === 0x80) end--;
  if (end > 0 && head[end - 1] >= 0xc0) end--;
  if (bytes.length > 512) head = head.subarray(0, end);
  let text: string;
  try {
    text = decoder.decode(head);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x08\x0e-\x1f\x7f]/.test(text) ? undefined : text;
}

function quote(text: string): string {
  const line = text.split(/\r?\n/, 1)[0];
  const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
  return JSON.stringify(shown);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
