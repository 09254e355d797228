/**
 * The test suite's OpenTelemetry profiles producer and reference reader (test/fixtures/otlp/tool, Go): built once
 * per source version into the test cache, with its modules pinned by go.sum and kept under ~/.cache.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const toolDir = resolve(__dirname, '../../../fixtures/otlp/tool');
const cacheDir = process.env.PERFLENS_TEST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'perflens-test');

/** What the tool prints per service and sample type. */
export interface OtlpGroupSummary {
  service: string;
  type: string;
  unit: string;
  period: number;
  samples: number;
  events: number;
  sum: number;
  labels: Record<string, string>;
}

/** Why the tool cannot run here, or undefined when it can. */
export function otlpToolUnavailable(): string | undefined {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : "'go' is not installed (scripts/setup-test-env.sh installs it); skipping the OTLP producer tests";
}

/** The env the tool is built with: modules pinned by go.sum, cached under the test cache. */
export function otlpToolEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GOMODCACHE: join(cacheDir, 'gomod'), GOFLAGS: '-mod=readonly', CGO_ENABLED: '0', GOTOOLCHAIN: 'local' };
}

let built: string | undefined;

/** The tool's binary, built when its sources changed. */
export function otlpTool(): string {
  if (built) return built;
  const hash = createHash('sha256');
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(toolDir, f)));
  const binary = join(cacheDir, `otlptool-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(binary)) {
    mkdirSync(cacheDir, { recursive: true });
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: toolDir, env: otlpToolEnv(), stdio: ['ignore', 'ignore', 'pipe'], timeout: 15 * 60_000 });
  }
  return (built = binary);
}

/** `otlptool produce OUT`: writes the request and returns its summary. */
export function produceOtlpRequest(out: string): OtlpGroupSummary[] {
  return JSON.parse(execFileSync(otlpTool(), ['produce', out], { encoding: 'utf8' })) as OtlpGroupSummary[];
}

/** `otlptool summarize IN`: the reference reading of a request. */
export function summarizeOtlp(path: string): OtlpGroupSummary[] {
  return JSON.parse(execFileSync(otlpTool(), ['summarize', path], { encoding: 'utf8' })) as OtlpGroupSummary[];
}

/** `otlptool post URL OUT`: POSTs the request (gzip, OTLP/HTTP protobuf) and returns its summary; throws on a non-200. */
export async function postOtlpRequest(url: string, out: string): Promise<OtlpGroupSummary[]> {
  const { stdout } = await execFileAsync(otlpTool(), ['post', url, out], { encoding: 'utf8' });
  return JSON.parse(stdout) as OtlpGroupSummary[];
}
