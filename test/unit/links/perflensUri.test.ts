// PerfLens's vscode:// links: built and read back the same, and refused with a clear line when malformed or when
// they name a file outside the workspace.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPerflensUri, linkOfDecodedUri, parsePerflensUri } from '../../../src/sources/links/perflensUri';
import { LinkError } from '../../../src/sources/links/selection';

describe('vscode://perflens.perflens links', () => {
  it('round-trips every field, with values that need escaping', () => {
    const link = {
      file: 'internal/search/search file.go',
      line: 42,
      function: 'main.(*Server).search',
      source: 'pyroscope+https://pyroscope.example.net',
      selection: { service: 'shop', type: 'cpu', version: 'v1.4.2+build', from: 'now-6h', to: 'now', labels: [{ key: 'endpoint', op: '=' as const, value: '/search?q=a&b' }] },
      frames: { focus: 'main\\.(handle|serve)"x"', hide: '^runtime\\.', presets: ['go-runtime', 'app-only'] },
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    };
    const uri = buildPerflensUri(link);
    assert.match(uri, /^vscode:\/\/perflens\.perflens\/open\?file=internal%2Fsearch%2Fsearch%20file\.go&line=42&/);
    assert.deepEqual(parsePerflensUri(uri), link);
    assert.deepEqual(parsePerflensUri(buildPerflensUri({ selection: { labels: [] } }, 'vscode-insiders')), { selection: { labels: [] } });
    // A frame filter that does nothing is no parameter.
    assert.doesNotMatch(buildPerflensUri({ selection: { labels: [] }, frames: { focus: '', presets: [] } }), /frames/);
  });

  it('normalises the file path and accepts upper-case hex ids', () => {
    const link = parsePerflensUri('vscode://perflens.perflens/open?file=./src//a.go&span=00F067AA0BA902B7');
    assert.equal(link.file, 'src/a.go');
    assert.equal(link.spanId, '00f067aa0ba902b7');
  });

  it('reads a link as VS Code hands it to the URI handler (its query percent-decoded), values intact', () => {
    const link = buildPerflensUri({
      file: 'src/a b+c%41.go', line: 7, function: 'main.(*S).f', selection: { service: 'shop', labels: [{ key: 'span_name', op: '=', value: 'GET /search?q=1+2 %41 "x" ✓' }] }, spanId: '00f067aa0ba902b7',
      frames: { ignore: 'a+b %41|c\\d' },
    });
    // VS Code's URI decodes the query's percent escapes; its path and authority are as written.
    const url = new URL(link);
    const decoded = { scheme: 'vscode', authority: url.host, path: url.pathname, query: decodeURIComponent(url.search.slice(1)) };
    assert.deepEqual(parsePerflensUri(linkOfDecodedUri(decoded)), parsePerflensUri(link));
  });

  const refusals: [string, RegExp][] = [
    ['vscode://perflens.perflens/open?file=../../etc/passwd&line=1', /refused: '\.\.\/\.\.\/etc\/passwd' leaves the workspace/],
    ['vscode://perflens.perflens/open?file=%2Fetc%2Fpasswd', /refused: '\/etc\/passwd' is not inside the workspace/],
    ['vscode://perflens.perflens/open?file=C%3A%5CWindows%5Cwin.ini', /refused: .* is not inside the workspace/],
    ['vscode://perflens.perflens/open?file=file%3A%2F%2F%2Fetc%2Fpasswd', /refused: .* is not inside the workspace/],
    ['vscode://perflens.perflens/open?file=src%2F..%2F..%2Fx', /leaves the workspace/],
    ['vscode://perflens.perflens/open?file=a%00b', /control characters/],
    ['vscode://perflens.perflens/open?line=3', /gives a line but no file/],
    ['vscode://perflens.perflens/open?file=a.go&line=0', /is not a line number/],
    ['vscode://perflens.perflens/open?file=a.go&line=12abc', /is not a line number/],
    ['vscode://perflens.perflens/open?file=a.go&fiel=b', /unknown link parameter 'fiel'/],
    ['vscode://perflens.perflens/open?file=a.go&file=b.go', /gives 'file' more than once/],
    ['vscode://other.extension/open?file=a.go', /not PerfLens/],
    ['vscode://perflens.perflens/delete?file=a.go', /unknown link path '\/delete'/],
    ['vscode://perflens.perflens/open?labels=%7Bregion%3D%22eu%22', /the link's labels: .*missing closing "}"/],
    ['vscode://perflens.perflens/open?labels=%7Bx%3D~%22(%22%7D', /not a valid regular expression/],
    ['vscode://perflens.perflens/open?frames=%7Bfocus%3D%22main.(%22%7D', /the link's frames: .*focus .*not a valid regular expression|the link's frames: .*missing/],
    ['vscode://perflens.perflens/open?frames=%7Bfocus%3D%22a%22%2Cfocus%3D%22b%22%7D', /the link's frames: frame filter: focus is given twice/],
    ['vscode://perflens.perflens/open?frames=%7Bfocus%3D~%22a%22%7D', /the link's frames: .*frame filters take "="/],
    ['vscode://perflens.perflens/open?frames=%7Bpreset%3D%22rm%20-rf%22%7D', /the link's frames: preset "rm -rf" is not one of/],
    ['vscode://perflens.perflens/open?frames=%7Bdelete%3D%22x%22%7D', /the link's frames: frame filter: unknown option "delete"/],
    ['vscode://perflens.perflens/open?frames=%7Bfocus%3D%22(a*)*b%5C1%22%7D', /the link's frames: /],
    ['vscode://perflens.perflens/open?from=yesterday', /'from' time 'yesterday' is not a time/],
    ['vscode://perflens.perflens/open?span=xyz', /span id 'xyz' is not a hex id/],
    ['vscode://perflens.perflens/open?trace=' + 'a'.repeat(40), /trace id .* is not a hex id of up to 32 digits/],
    ['not a link', /is not a link/],
    [`vscode://perflens.perflens/open?function=${'f'.repeat(5000)}`, /longer than 4096 characters/],
  ];
  for (const [uri, message] of refusals) {
    it(`refuses ${uri.length > 80 ? `${uri.slice(0, 80)}…` : uri}`, () => {
      assert.throws(() => parsePerflensUri(uri), (e: unknown) => e instanceof LinkError && message.test(e.message) && !e.message.includes('\n'));
    });
  }
});
