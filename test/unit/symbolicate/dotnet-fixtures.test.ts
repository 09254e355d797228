// Real .NET profiles from Grafana Pyroscope's test data (its .NET profiler: frames named
// "WebApplication1.Controllers!CpuController.fib", the assembly where the file would be, no lines), mapped onto
// test/fixtures/dotnet — an ASP.NET project laid out by convention, the controller a partial type over two files, a
// type of the same name in another namespace — as `perflens lines` and the editor map them:
// - at least 95% of the application functions' cost is on the right file and function: the file whose comment
//   "PROFILED: <frame name>" names the function, on the line that declares it (the first line below the comment
//   that names the method) — the profile has no lines, so the cost goes where the method is declared;
// - System.* and Microsoft.AspNetCore.* are runtime, Swashbuckle (a NuGet package) a dependency, and every frame is
//   one of app, dependency or runtime.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { readProfiles } from '../../../src/core/readers';
import { analyzeWorkspace } from '../../../src/core/workspace/analyzeWorkspace';
import { corpusFile } from '../readers/helpers/corpus';
import { fixtureCopy } from './workspace-helpers';

const PROFILES = ['grafana+pyroscope/pkg/pprof/testdata/dotnet.labels.pprof', 'grafana+pyroscope/pkg/og/convert/pprof/testdata/dotnet-pprof-211.pb.gz'];

/** Frame name → the fixture file and line that say they declare that function. */
function profiledFunctions(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.cs')) {
        const lines = readFileSync(path, 'utf8').split('\n');
        lines.forEach((text, i) => {
          const name = /\/\/ PROFILED: (\S+)/.exec(text)?.[1];
          if (!name) return;
          const method = name.slice(name.lastIndexOf('.') + 1);
          const declaration = lines.findIndex((l, j) => j > i && l.includes(`${method}(`));
          found.set(name, `${relative(dir, path).split(sep).join('/')}:${declaration + 1}`);
        });
      }
    }
  };
  walk(dir);
  return found;
}

describe('.NET profiles from Pyroscope\'s test data, mapped onto a C# workspace', () => {
  const workspace = fixtureCopy('dotnet', 'dotnet');

  for (const name of PROFILES) {
    it(`${name.split('/').pop()}: >= 95% of the application functions' cost on the right file and function`, async (t) => {
      const file = corpusFile(name);
      assert.ok(file, `${name} is missing from the shared corpus`);
      const [profile] = readProfiles(file);
      const typeIndex = profile.sampleTypes.findIndex((s) => s.type === 'cpu');
      const analysis = await analyzeWorkspace({ profiles: [profile], query: { type: typeIndex }, roots: [{ name: 'dotnet', location: workspace.root }], gitEnabled: false });
      const expected = profiledFunctions(workspace.root);
      let total = 0;
      let right = 0;
      for (const fn of analysis.functions) {
        if (fn.profileFile !== 'WebApplication1') continue;
        total += fn.cum;
        if (fn.class === 'app' && `${fn.file?.path}:${fn.firstLine}` === expected.get(fn.name)) right += fn.cum;
      }
      assert.ok(total > 0, 'the profile has application functions');
      assert.ok(right / total >= 0.95, `${((100 * right) / total).toFixed(1)}% of the application functions' cost on the right file and line`);
      t.diagnostic(`${((100 * right) / total).toFixed(2)}% of the application functions' cost on the right file and function`);
      assert.ok(expected.size >= 2 && [...expected.keys()].every((n) => analysis.functions.some((f) => f.name === n)), 'every profiled function of the fixture is in the profile');

      const unmapped = analysis.coverage.topUnmapped.map((u) => `${u.path}: ${u.reason}`);
      assert.equal(analysis.coverage.shares.unmapped, 0, `every frame is app, dependency or runtime (${unmapped.join('; ')})`);
      const classes = (test: (assembly: string) => boolean) => new Set(analysis.functions.filter((f) => test(f.profileFile)).map((f) => f.class));
      assert.deepEqual(classes((a) => /^(System|Microsoft)\./.test(a)), new Set(['runtime']), 'the .NET runtime and ASP.NET Core are runtime');
      assert.deepEqual(classes((a) => a.startsWith('Swashbuckle.')), new Set(['dependency']), 'Swashbuckle is a dependency');
    });
  }
});
