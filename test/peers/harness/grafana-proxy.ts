// Grafana's data source proxy in front of a server, as PerfLens meets it at
// `https://grafana/api/datasources/proxy/uid/<uid>/…`: it takes Grafana's own token, drops it, adds the data
// source's configured headers (here a tenant), forwards the rest of the path, and — as Grafana does so that a
// data source's 401 never logs the user out of Grafana — answers an upstream 401 with 400 and the plain text
// "Authentication to data source failed".
import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedDataSource {
  readonly uid: string;
  /** The upstream server root, e.g. http://127.0.0.1:4040. */
  readonly url: string;
  /** Headers Grafana adds from the data source's settings (X-Scope-OrgID, basic auth...). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RunningGrafanaProxy {
  /** http://127.0.0.1:port (a data source is at `${url}/api/datasources/proxy/uid/${uid}`). */
  readonly url: string;
  /** Requests forwarded upstream, per data source uid. */
  readonly forwarded: Map<string, number>;
  stop(): Promise<void>;
}

const PREFIX = /^\/api\/datasources\/proxy\/uid\/([^/]+)(\/.*)?$/;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'authorization', 'cookie']);

export async function startGrafanaProxy(token: string, dataSources: readonly ProxiedDataSource[]): Promise<RunningGrafanaProxy> {
  const forwarded = new Map<string, number>();
  const json = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://grafana');
    const m = PREFIX.exec(url.pathname);
    if (!m) return json(res, 404, 'Not found');
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, 'Unauthorized');
    const ds = dataSources.find((d) => d.uid === m[1]);
    if (!ds) return json(res, 404, 'Data source not found');
    forwarded.set(ds.uid, (forwarded.get(ds.uid) ?? 0) + 1);
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    Object.assign(headers, ds.headers);
    const target = new URL(`${m[2] ?? '/'}${url.search}`, ds.url);
    const upstream = httpRequest(target, { method: req.method, headers }, (up) => {
      if (up.statusCode === 401) {
        up.resume();
        const text = 'Authentication to data source failed';
        res.writeHead(400, { 'content-length': Buffer.byteLength(text) }).end(text);
        return;
      }
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
      res.writeHead(up.statusCode ?? 502, out);
      up.pipe(res);
    });
    upstream.on('error', (e) => json(res, 502, `Bad Gateway: ${e.message}`));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
