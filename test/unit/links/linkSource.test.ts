// Which configured source a link names: a server by its URL (whatever the user calls it), a store or an older link's
// source by name; a name or URL that fits two different sources is refused with both listed, never settled by
// taking the first (two sources called "prod" made a comparison link compare one of them with itself).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveLinkSource } from '../../../src/editor/links/resolveLinkSource';
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

  it('refuses a URL that two differently configured sources reach (two tenants of one server)', () => {
    const a = source('team a', 'pyroscope+https://pyro.example.net', { tenant: 'a' });
    const b = source('team b', 'pyroscope+https://pyro.example.net', { tenant: 'b' });
    assert.throws(() => resolveLinkSource('pyroscope+https://pyro.example.net', [store, a, b]), /2 of your sources reach that server \("team a": pyroscope\+https:\/\/pyro\.example\.net, tenant a; "team b": .*tenant b\)/);
    // One server listed twice alike (user and workspace settings) is one source.
    assert.equal(entryOf(resolveLinkSource('pyroscope+https://pyro.example.net', [prod, { ...prod, name: 'Prod', scope: 'workspace' }])), prod);
  });

  it('says which sources there are when the link names none of them, and offers a server that is not configured', () => {
    assert.throws(() => resolveLinkSource('qa', [store, prod]), /the link names the source "qa", which is not in perflens\.sources \(known: "Local store", "prod"\)/);
    const m = resolveLinkSource('parca+https://parca.example.net', [store, prod]);
    assert.deepEqual(m, { unconfigured: { kind: 'parca', baseUrl: 'https://parca.example.net' } });
    assert.throws(() => resolveLinkSource('file:///etc', [store]), /may not name a store folder/);
  });
});
