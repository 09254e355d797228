// A recording proxy between an SDK and the collector: it forwards every request unchanged and keeps what was sent
// (method, path, headers, body as received) and what the collector answered, for SDKs whose uploads cannot be
// copied from inside the process (pyroscope-rs under Python, the Java agent).
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  status: number;
  answer: string;
}

export interface CaptureProxy {
  readonly url: string;
  readonly captured: CapturedRequest[];
  close(): Promise<void>;
}

export async function startCaptureProxy(target: string): Promise<CaptureProxy> {
  const captured: CapturedRequest[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const entry: CapturedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), status: 0, answer: '' };
      const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        const answer: Buffer[] = [];
        up.on('data', (d: Buffer) => answer.push(d));
        up.on('end', () => {
          entry.status = up.statusCode ?? 0;
          entry.answer = Buffer.concat(answer).toString();
          captured.push(entry);
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(answer));
        });
      });
      forward.on('error', (e) => {
        entry.answer = e.message;
        captured.push(entry);
        res.writeHead(502).end(e.message);
      });
      forward.end(entry.body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captured,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
