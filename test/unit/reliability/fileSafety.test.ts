// Paths inside a profile are attacker-controlled: whatever they say, analysing the profile (what the editor does on
// load, before any user action) reads no file outside the workspace folders — not through `..`, absolute, Windows
// drive or UNC paths, not through a symlink inside the workspace that points out, not through a .pyroscope.yaml
// in the workspace — and never blocks on a named pipe. Secrets outside carry a marker the test looks for in
// everything the analysis returns.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '../../../src/core/profile/decode';
import { fileSystemReader } from '../../../src/core/symbolicate/fs-workspace';
import { analyzeWorkspace, type WorkspaceAnalysis } from '../../../src/core/workspace/analyzeWorkspace';
import { PprofWriter } from './helpers/hostileProfiles';

const SECRET = 'TOP-SECRET-MARKER-7f3a';

describe('profile paths never read files outside the workspace', () => {
  let dir: string;
  let ws: string;
  let outside: string;
  let analysis: WorkspaceAnalysis;
  let hostilePaths: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perflens-filesafety-'));
    ws = join(dir, 'ws');
    outside = join(dir, 'outside');
    mkdirSync(join(ws, 'src/app'), { recursive: true });
    mkdirSync(join(outside, 'src/app'), { recursive: true });
    const goFile = (name: string) => `package main\n\n// ${name}\nfunc ${name}() {\n\tfor {}\n}\n`;
    writeFileSync(join(ws, 'src/app/main.go'), goFile('main'));
    for (const f of ['secret.go', 'src/app/secret.go', 'src/app/linked.go']) writeFileSync(join(outside, f), `// ${SECRET}\n${goFile('secret')}`);
    symlinkSync(join(outside, 'src/app/linked.go'), join(ws, 'src/app/linked.go')); // a file link that leaves
    symlinkSync(join(outside, 'src'), join(ws, 'vendored')); // a directory link that leaves
    execFileSync('mkfifo', [join(ws, 'src/app/pipe.go')]); // reading it would block forever
    // A workspace-controlled mapping file pointing out of the workspace.
    writeFileSync(join(ws, '.pyroscope.yaml'), 'source_code:\n  mappings:\n    - path: [{prefix: /evil}]\n      source: {local: {path: ../outside}}\n');

    const rel = relative(ws, join(outside, 'secret.go'));
    hostilePaths = [
      join(outside, 'secret.go'), // absolute, outside
      rel, // ../outside/secret.go
      `src/app/../../${rel}`,
      '/build/ws/src/app/../../../outside/secret.go',
      '\\\\fileserver\\share\\outside\\secret.go', // UNC
      '//fileserver/share/outside/src/app/secret.go',
      'C:\\..\\..\\outside\\secret.go',
      'file:///etc/passwd',
      '/etc/passwd',
      '/evil/secret.go', // through .pyroscope.yaml's ../outside
      '/build/ws/src/app/linked.go', // resolves into the workspace, but the file is a link out
      '/build/ws/vendored/app/secret.go',
      '/build/ws/src/app/pipe.go',
    ];
    const w = new PprofWriter();
    const paths = ['/build/ws/src/app/main.go', ...hostilePaths];
    paths.forEach((file, i) => {
      w.func(i + 1, i === 0 ? 'main.main' : `main.f${i}`, file);
      w.location(i + 1, i + 1, 5);
      w.sample([i + 1, 1], [100]);
    });
    const profile = decodeProfile(w.finish(), 'hostile.pb');
    analysis = await analyzeWorkspace({ profiles: [profile], query: { type: 0 }, roots: [{ name: 'ws', location: ws }], gitEnabled: false });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('maps the legitimate path and reads only its text', () => {
    assert.deepEqual(analysis.files.map((f) => f.file.path), ['src/app/main.go']);
    assert.deepEqual([...analysis.texts.keys()].map((k) => k.split('\u0000')[1]), ['src/app/main.go']);
    assert.match(analysis.texts.values().next().value ?? '', /func main\(\)/);
  });

  it('no text, line, function or coverage entry carries the secret', () => {
    const everything = JSON.stringify({ ...analysis, texts: [...analysis.texts], table: undefined });
    assert.doesNotMatch(everything, new RegExp(SECRET));
    for (const f of analysis.functions) assert.ok(!f.file || !f.file.path.includes('..'), JSON.stringify(f.file));
  });

  it('the reader refuses `..`, absolute, drive and UNC paths, links out and pipes, whatever the caller asks', async () => {
    const read = await fileSystemReader([ws]);
    assert.match((await read({ root: 0, path: 'src/app/main.go' })) ?? '', /func main/);
    const refused = [
      '../outside/secret.go', 'src/../../outside/secret.go', join(outside, 'secret.go'), 'C:/outside/secret.go',
      '\\\\fileserver\\share\\secret.go', '//fileserver/share/secret.go', 'src/app/linked.go', 'vendored/app/secret.go',
      'src/app/pipe.go', 'src/app', '', '.',
    ];
    for (const path of refused) assert.equal(await read({ root: 0, path }), undefined, path);
    assert.equal(await read({ root: 7, path: 'src/app/main.go' }), undefined, 'a root that does not exist');
  });

  it('the reader follows links that stay inside the workspace, to a file or through a folder', async () => {
    symlinkSync(join(ws, 'src/app/main.go'), join(ws, 'src/app/alias.go'));
    symlinkSync(join(ws, 'src/app'), join(ws, 'app-link'));
    const read = await fileSystemReader([ws]);
    for (const path of ['src/app/alias.go', 'app-link/main.go', 'app-link/alias.go']) assert.match((await read({ root: 0, path })) ?? '', /func main/, path);
    assert.equal(await read({ root: 0, path: 'app-link/linked.go' }), undefined, 'a link out, reached through a folder link');
  });

  it('files over the size cap are not read', async () => {
    writeFileSync(join(ws, 'src/app/big.go'), 'x'.repeat(4096));
    const read = await fileSystemReader([ws], 1024);
    assert.equal(await read({ root: 0, path: 'src/app/big.go' }), undefined);
    assert.match((await read({ root: 0, path: 'src/app/main.go' })) ?? '', /func main/);
  });
});
