// What the ingest tests send: plain HTTP posts (one buffer, or chunks with no content-length, written as the socket
// drains), Pyroscope's multipart form, and Connect push requests built from push.proto's field numbers.
import { request } from 'node:http';
import { ProtoWriter } from '../../../../src/sources/proto/writer';

export interface Reply {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
  /** Whether the whole body had been handed to the socket before the answer arrived. */
  sentAll: boolean;
}

export function post(url: string, body: Buffer | Buffer[], headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    let finished = false;
    const req = request(url, { method: 'POST', headers }, (res) => {
      const sentAll = finished;
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, text, headers: res.headers, sentAll }));
    });
    req.once('finish', () => (finished = true));
    req.on('error', fail);
    // Several chunks and no content-length: the server must count the stream itself.
    if (Array.isArray(body)) {
      let i = 0;
      const next = () => {
        if (i === body.length) return req.end();
        if (req.write(body[i++])) setImmediate(next);
        else req.once('drain', next);
      };
      req.on('error', () => {});
      next();
    } else req.end(body);
  });
}

/** A multipart/form-data body as pyroscope-go and the Java agent write it: `[name, filename, bytes]` parts. */
export function formBody(boundary: string, parts: readonly [string, string, Buffer | string][]): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, filename, data] of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    chunks.push(Buffer.isBuffer(data) ? data : Buffer.from(data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export interface SeriesToPush {
  readonly labels: Readonly<Record<string, string>>;
  readonly profiles: readonly Uint8Array[];
}

/** A push.v1.PushRequest: series = 1 {labels = 1 {name = 1, value = 2}, samples = 2 {raw_profile = 1, ID = 2}}. */
export function pushRequest(series: readonly SeriesToPush[]): Buffer {
  const w = new ProtoWriter();
  series.forEach((s, i) => {
    w.message(1, (sw) => {
      for (const [name, value] of Object.entries(s.labels)) sw.message(1, (lw) => lw.string(1, name).string(2, value));
      s.profiles.forEach((p, j) => sw.message(2, (rw) => rw.bytes(1, p).string(2, `sample-${i}-${j}`)));
    });
  });
  return Buffer.from(w.finish());
}
