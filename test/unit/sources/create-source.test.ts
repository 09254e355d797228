// Source URLs and paths → configs, as the CLI and settings give them.
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { createSource, parseSourceSpec } from '../../../src/sources/create-source';
import { SourceError } from '../../../src/sources/errors';

describe('source URLs', () => {
  it('reads each supported form', () => {
    assert.deepEqual(parseSourceSpec('pprof+http://127.0.0.1:6060'), { kind: 'pprof-http', baseUrl: 'http://127.0.0.1:6060/debug/pprof' });
    assert.deepEqual(parseSourceSpec('pprof+https://svc.internal/admin/'), { kind: 'pprof-http', baseUrl: 'https://svc.internal/admin/debug/pprof' });
    assert.deepEqual(parseSourceSpec('http://10.0.0.5:8080/debug/pprof/heap?gc=1'), { kind: 'pprof-http', baseUrl: 'http://10.0.0.5:8080/debug/pprof' });
    assert.deepEqual(parseSourceSpec('pyroscope+https://profiles-prod-001.grafana.net'), { kind: 'pyroscope', baseUrl: 'https://profiles-prod-001.grafana.net' });
    assert.deepEqual(parseSourceSpec('pyroscope+https://grafana.example.net/api/datasources/proxy/uid/abc/'), { kind: 'pyroscope', baseUrl: 'https://grafana.example.net/api/datasources/proxy/uid/abc' });
    assert.deepEqual(parseSourceSpec('parca+http://parca:7070'), { kind: 'parca', baseUrl: 'http://parca:7070' });
    assert.deepEqual(parseSourceSpec('.perflens/store', '/work/app'), { kind: 'store', root: resolve('/work/app', '.perflens/store') });
    assert.deepEqual(parseSourceSpec('/var/profiles'), { kind: 'store', root: '/var/profiles' });
    assert.deepEqual(parseSourceSpec('file:///var/profiles'), { kind: 'store', root: '/var/profiles' });
  });

  it('refuses credentials in URLs without echoing them, and ambiguous http URLs with a hint', () => {
    assert.throws(() => parseSourceSpec('pyroscope+https://user:s3cr3t@host'), (e: unknown) => {
      assert.ok(e instanceof SourceError && e.kind === 'config');
      assert.doesNotMatch(e.message, /s3cr3t/);
      assert.match(e.message, /PERFLENS_BASIC_AUTH or PERFLENS_TOKEN/);
      return true;
    });
    assert.throws(() => parseSourceSpec('https://pyroscope.example.net'), /cannot tell what kind of server.*pyroscope\+https:\/\//);
    assert.throws(() => parseSourceSpec('ftp://x'), /unsupported URL scheme ftp:/);
  });

  it('makes sources whose names carry no credentials', () => {
    const s = createSource('pyroscope+https://host/p', { credentials: { token: 'glc_abc' }, tenant: 't1' });
    assert.equal(s.kind, 'pyroscope');
    assert.equal(s.displayName, 'Pyroscope https://host/p (tenant t1)');
    assert.doesNotMatch(`${s.id} ${s.displayName}`, /glc_abc/);
  });
});
