/**
 * A small multipart/form-data reader (RFC 7578) for bodies already read under a size cap. Strict and bounded:
 * at most `maxParts` parts, at most 8 KiB of headers per part, names from Content-Disposition only. No
 * dependency: busboy is not installed, and the ingest endpoint needs only a few small fields and one file.
 */

export interface FormPart {
  readonly name: string;
  readonly filename: string | undefined;
  readonly contentType: string | undefined;
  readonly data: Buffer;
}

export class MultipartError extends Error {}

const MAX_HEADER_BYTES = 8 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/form-data; boundary=…` content type; undefined when it is not multipart. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  if (!m) throw new MultipartError('multipart/form-data without a boundary parameter');
  return m[1] ?? m[2];
}

export function parseMultipart(body: Buffer, boundary: string, maxParts = 16): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('the body has no multipart boundary line');
  pos += delimiter.length;
  const parts: FormPart[] = [];
  for (;;) {
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
    // Transport padding (spaces/tabs) may follow a boundary before its CRLF.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw new MultipartError('a boundary line is not followed by CRLF');
    pos += 2;
    if (parts.length >= maxParts) throw new MultipartError(`more than ${maxParts} parts`);
    const headerEnd = body.indexOf(HEADER_END, pos);
    if (headerEnd < 0 || headerEnd - pos > MAX_HEADER_BYTES) throw new MultipartError(`a part's headers are missing their end or longer than ${MAX_HEADER_BYTES} bytes`);
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const dataStart = headerEnd + 4;
    const dataEnd = body.indexOf(nextDelimiter, dataStart);
    if (dataEnd < 0) throw new MultipartError('the body ends inside a part (no closing boundary)');
    const disposition = headers.get('content-disposition');
    if (!disposition || !/^\s*form-data\s*(;|$)/i.test(disposition)) throw new MultipartError('a part has no Content-Disposition: form-data header');
    const name = dispositionParam(disposition, 'name');
    if (name === undefined) throw new MultipartError('a part has no name');
    parts.push({ name, filename: dispositionParam(disposition, 'filename'), contentType: headers.get('content-type'), data: body.subarray(dataStart, dataEnd) });
    pos = dataEnd + nextDelimiter.length;
  }
}

function parseHeaders(block: string): Map<string, string> {
  const out = new Map<string, string>();
  if (block === '') return out;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`a part has a malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return out;
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const m = new RegExp(`;\\s*${param}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;]+))`, 'i').exec(disposition);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}
