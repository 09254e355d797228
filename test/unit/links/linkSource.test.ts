// Which configured source a link names: a server by its URL (whatever the user calls it), a store or an older link's
// source by name; a name or URL that fits two different sources is refused with both listed, never settled by
// taking the first (two sources called "prod" made a comparison link compare one of them with itself).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveLinkSource, sourceByName } from '../../../src/editor/links/resolveLinkSource';
import type { ConfiguredSource } from '../../../src/editor/sources/sourceSettings';
import { parseSourceSpec } from '../../../src/sources';

const source = (name: string, url: string, extra: { tenant?: string } = {}, scope: ConfiguredSource['scope'] = 'user'): ConfiguredSource => {
  const config = parseSourceSpec(url);
  return { name, url, config: config.kind === 'pyroscope' && extra.tenant ? { ...config, tenant: extra.tenant } : config, scope };
};
const store = source('Local store', '/work/shop/.perflens/store', {}, 'builtin');
const prod = source('prod', 'pyroscope+https://pyro.example.net');
const stagingCalledProd = source('prod', 'pyroscope+https://staging.example.net');
const entryOf = (m: ReturnType<typeof resolveLinkSource>) => ('entry' in m ? m.entry : assert.fail(`not configured: ${JSON.stringify(m)}`));

describe('the source a link names', () => {
  it('finds a server by its URL, whatever it is called, and two servers of one name apart', () => {
    const sources = [store, prod, stagingCalledProd];
    assert.equal(entryOf(resolveLinkSource('pyroscope+https://staging.example.net', sources)), stagingCalledProd);
    assert.equal(entryOf(resolveLinkSource('pyroscope+https://pyro.example.net', sources)), prod);
    // The same server written another way (a trailing slash) is the same source.
    assert.equal(entryOf(resolveLinkSource('pyroscope+https://pyro.example.net/', sources)), prod);
    assert.equal(entryOf(resolveLinkSource('Local store', sources)), store);
  });

  it('refuses a name two different sources share, listing both', () => {
    assert.throws(() => resolveLinkSource('prod', [store, prod, stagingCalledProd]),
      /the link names the source "prod", and 2 of your sources are called so \("prod": pyroscope\+https:\/\/pyro\.example\.net; "prod": pyroscope\+https:\/\/staging\.example\.net\): which one is meant is not clear, so nothing is loaded; give them names of their own in perflens\.sources\./);
    // A name only one source has is still found (links written before sources were named by URL).
    assert.equal(entryOf(resolveLinkSource('prod', [store, prod])), prod);
    // A user source called "Local store" and the workspace's store are two.
    assert.throws(() => resolveLinkSource('Local store', [store, source('Local store', 'parca+https://parca.example.net')]), /2 of your sources are called so/);
  });

  it('finds each of two tenants of one server by the tenant the link gives, and never another tenant\'s source', () => {
    const a = source('team a', 'pyroscope+https://pyro.example.net', { tenant: 'a' });
    const b = source('team b', 'pyroscope+https://pyro.example.net', { tenant: 'b' });
    const url = 'pyroscope+https://pyro.example.net';
    assert.equal(entryOf(resolveLinkSource(url, [store, a, b], [], { tenant: 'a' })), a);
    assert.equal(entryOf(resolveLinkSource(url, [store, a, b], [], { tenant: 'b' })), b);
    // A tenant none of the sources of that server reads: refused, theirs listed (never another tenant's data).
    assert.throws(() => resolveLinkSource(url, [store, a, b], [], { tenant: 'c' }), /the link names pyroscope\+https:\/\/pyro\.example\.net \(tenant c\), and none of your sources reads that \("team a": .*tenant a; "team b": .*tenant b\): add one with that tenant to perflens\.sources/);
    assert.throws(() => resolveLinkSource(url, [store, a], [], { tenant: 'c' }), /none of your sources reads that/);
    // A server not configured at all: offered with the link's tenant.
    assert.deepEqual(resolveLinkSource('pyroscope+https://other.example.net', [store, a], [], { tenant: 'c' }), { unconfigured: { kind: 'pyroscope', baseUrl: 'https://other.example.net', tenant: 'c' } });
    // A Parca project likewise.
    const p1 = { ...source('p1', 'parca+https://parca.example.net'), config: { kind: 'parca' as const, baseUrl: 'https://parca.example.net', projectId: 'one' } };
    const p2 = { ...p1, name: 'p2', config: { ...p1.config, projectId: 'two' } };
    assert.equal(entryOf(resolveLinkSource('parca+https://parca.example.net', [p1, p2], [], { project: 'two' })), p2);
    // A tenant goes with a server's URL, not a name.
    assert.throws(() => resolveLinkSource('team a', [store, a, b], [], { tenant: 'a' }), /gives a tenant or project with the source "team a", which is not a server's URL/);
  });

  it('refuses a URL without a tenant that two differently configured sources reach (links written before tenants)', () => {
    const a = source('team a', 'pyroscope+https://pyro.example.net', { tenant: 'a' });
    const b = source('team b', 'pyroscope+https://pyro.example.net', { tenant: 'b' });
    assert.throws(() => resolveLinkSource('pyroscope+https://pyro.example.net', [store, a, b]), /2 of your sources reach that server \("team a": pyroscope\+https:\/\/pyro\.example\.net, tenant a; "team b": .*tenant b\)/);
    // Only one source of that server: the one meant, whatever its tenant.
    assert.equal(entryOf(resolveLinkSource('pyroscope+https://pyro.example.net', [store, a])), a);
    // One server listed twice alike (user and workspace settings) is one source.
    assert.equal(entryOf(resolveLinkSource('pyroscope+https://pyro.example.net', [prod, { ...prod, name: 'Prod', scope: 'workspace' }])), prod);
  });

  it('says which sources there are when the link names none of them, and offers a server that is not configured', () => {
    assert.throws(() => resolveLinkSource('qa', [store, prod]), /the link names the source "qa", which is not in perflens\.sources \(known: "Local store", "prod"\)/);
    const m = resolveLinkSource('parca+https://parca.example.net', [store, prod]);
    assert.deepEqual(m, { unconfigured: { kind: 'parca', baseUrl: 'https://parca.example.net' } });
    assert.throws(() => resolveLinkSource('file:///etc', [store]), /may not name a store folder/);
  });

  it('a command argument naming a source: one of two of that name is refused with both listed, never the first taken', () => {
    assert.equal(sourceByName('prod', [store, prod], [], 'the command names the profile source'), prod);
    assert.throws(() => sourceByName('prod', [store, prod, stagingCalledProd], [], 'the command names the profile source'),
      /^Error: the command names the profile source "prod", and 2 of your sources are called so \("prod": pyroscope\+https:\/\/pyro\.example\.net; "prod": pyroscope\+https:\/\/staging\.example\.net\)/);
    assert.throws(() => sourceByName('qa', [store, prod], ['1 source(s) in this workspace\'s settings are ignored: the workspace is not trusted.'], 'the command names the profile source'),
      /"qa", which is not in perflens\.sources \(known: "Local store", "prod"\)\. 1 source\(s\) in this workspace's settings are ignored/);
  });
});
