import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parsePyroscopeConfig } from '../../../src/core/symbolicate/pyroscope-config';
import { makeTempDir, openDiskWorkspace, writeTree } from './workspace-helpers';

// The shape Grafana Pyroscope's own tests use (pkg/frontend/vcs/config), plus a flow-style entry.
const config = `# service source mappings
source_code:
  mappings:
    - language: java
      function_name:
        - prefix: org/example/rideshare
      source:
        local:
          path: src/main/java/org/example/rideshare
    - language: java
      path:
        - prefix: java
      source:
        github:
          owner: openjdk
          repo: jdk
          ref: jdk-17+0
          path: src/java.base/share/classes/java
    - language: go
      path: [{prefix: /app/src}, {prefix: "/build/src"}]
      source: {local: {path: backend}}
`;

describe('.pyroscope.yaml', () => {
  it('reports malformed files with a line number, and duplicate keys', () => {
    const dup = parsePyroscopeConfig('source_code:\n  mappings: []\n  mappings: []\n', 0, '');
    assert.ok('error' in dup && /\.pyroscope\.yaml: .*(unique|duplicate).*line 3/i.test(dup.error), JSON.stringify(dup));
    const bad = parsePyroscopeConfig('source_code:\n  mappings:\n  - path: [\n', 0, '');
    assert.ok('error' in bad && /\.pyroscope\.yaml: .*line \d+/.test(bad.error), JSON.stringify(bad));
  });

  it('refuses alias bombs instead of expanding them', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`),
      'source_code: {mappings: *j}'].join('\n');
    const parsed = parsePyroscopeConfig(bomb, 0, '');
    assert.ok('error' in parsed, 'refused');
  });

  it('turns local mappings into rules relative to the file, skipping GitHub sources with a warning', () => {
    const parsed = parsePyroscopeConfig(config, 0, 'services/ride');
    assert.ok(!('error' in parsed));
    assert.deepEqual(parsed.functionRules.map((r) => [r.prefix, r.target.dir]), [['org/example/rideshare', 'services/ride/src/main/java/org/example/rideshare']]);
    assert.deepEqual(parsed.pathRules.map((r) => [r.label.split(': ')[1], r.target.dir]), [
      ['/app/src → services/ride/backend', 'services/ride/backend'],
      ['/build/src → services/ride/backend', 'services/ride/backend'],
    ]);
    assert.equal(parsed.warnings.length, 1);
    assert.match(parsed.warnings[0], /GitHub/);
  });

  it('refuses a local path that leaves the workspace', () => {
    const parsed = parsePyroscopeConfig('source_code:\n  mappings:\n    - path: [{prefix: /app}]\n      source: {local: {path: ../../..}}\n', 0, 'svc');
    assert.ok(!('error' in parsed));
    assert.equal(parsed.pathRules.length, 0);
    assert.match(parsed.warnings[0], /leaves the workspace/);
  });
});

describe('.pyroscope.yaml in a workspace drives resolution', () => {
  let temp: ReturnType<typeof makeTempDir>;
  before(() => {
    temp = makeTempDir('pyroscope');
  });
  after(() => temp.dispose());

  it('maps path and function-name prefixes onto the folders it names', async () => {
    const root = join(temp.dir, 'repo');
    writeTree(root, {
      'services/ride/.pyroscope.yaml': config,
      'services/ride/backend/pricing/fare.go': 'package pricing\n',
      'services/ride/src/main/java/org/example/rideshare/App.java': 'class App {}\n',
      'other/pricing/fare.go': 'package pricing\n', // would make a suffix match ambiguous
    });
    const ws = await openDiskWorkspace(root);
    const resolver = ws.resolver();
    const go = resolver.resolve('/app/src/pricing/fare.go', 'example.com/ride/pricing.Fare');
    assert.deepEqual(go.file?.path, 'services/ride/backend/pricing/fare.go');
    assert.equal(go.via, 'pyroscope-config');
    const java = resolver.resolve('', 'org/example/rideshare/App.main');
    assert.deepEqual(java.file?.path, 'services/ride/src/main/java/org/example/rideshare/App.java');
    assert.equal(java.via, 'pyroscope-config');
  });
});
