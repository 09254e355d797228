// Spans on a live profile: the peers tier's Go service serves requests as spans (pprof labels span_id and
// span_name, as OpenTelemetry's Go profiling integration labels them) and lists each finished span with its id,
// name and times at /spans. PerfLens fetches a CPU profile from its net/http/pprof endpoint (`perflens fetch`),
// and `perflens top --span ID` keeps exactly that span's samples: all in its endpoint's function, none of the
// other endpoint's or of the service's unlabelled background work, and no more CPU than the span lasted.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningService } from '../unit/sources/helpers/services';
import { perflens, perflensJson } from './harness/cli';
import { finishedSpans, HOT_FUNCTION, SPAN_FUNCTIONS, startGoService, type FinishedSpan } from './harness/go-service';

interface Top {
  total: number;
  selected?: number;
  rows: { function: string; flat: number; cum: number }[];
}

/** CPU samples are 10 ms apart (Go's 100 Hz). */
const SAMPLE_PERIOD_NS = 10_000_000;
/**
 * How much more CPU than it lasted a span's samples may say: Go counts each thread's CPU time to the next sample, so a
 * span's goroutine that the scheduler puts on a thread part-way to a sample collects that whole period; a span
 * rescheduled a few times can collect a few (a fresh-clone run saw 270 ms of samples in a 251 ms span). Another
 * span's samples would be whole spans' worth more.
 */
const SAMPLING_SLACK_NS = 3 * SAMPLE_PERIOD_NS;

describe('spans in a live Go service\'s CPU profile', () => {
  let service: RunningService;
  const out = mkdtempSync(join(tmpdir(), 'perflens-spans-out-'));
  const profile = join(out, 'cpu.pb.gz');
  let spans: FinishedSpan[] = [];

  before(async () => {
    service = await startGoService(undefined, { spans: true });
    // The capture runs 6 s; the spans that started and ended inside it are wholly in the profile.
    const started = Date.now();
    const r = await perflens(['fetch', `pprof+http://${service.address}`, '--type', 'cpu', '--seconds', '6', '-o', profile]);
    assert.equal(r.code, 0, r.stderr);
    const ended = Date.now();
    spans = (await finishedSpans(service)).filter((s) => s.start_ms >= started && s.end_ms <= ended);
  });

  after(async () => {
    await service?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('each span keeps only its own samples, in its endpoint\'s function', async () => {
    assert.ok(spans.length >= 4, `spans inside the capture: ${JSON.stringify(spans)}`);
    const whole = await perflensJson<Top>(['top', profile, '--json']);
    let seen = 0;
    for (const span of spans) {
      const t = await perflensJson<Top>(['top', profile, '--json', '--span', span.span_id]);
      const selected = t.selected ?? 0;
      // A span that got no CPU sample (the machine was busy) keeps nothing; the others must be exact.
      if (selected === 0) continue;
      seen++;
      const own = SPAN_FUNCTIONS[span.span_name];
      const other = Object.values(SPAN_FUNCTIONS).find((f) => f !== own)!;
      assert.equal(t.rows.find((r) => r.function === own)?.cum, selected, `span ${span.span_id} (${span.span_name}): all in ${own}`);
      assert.ok(!t.rows.some((r) => r.function === other || r.function === HOT_FUNCTION), `span ${span.span_id}: nothing of ${other} or ${HOT_FUNCTION}`);
      assert.ok(selected <= (span.end_ms - span.start_ms) * 1e6 + SAMPLING_SLACK_NS, `span ${span.span_id}: ${selected} ns of CPU in ${span.end_ms - span.start_ms} ms`);
      assert.ok(selected < whole.total);
    }
    assert.ok(seen >= 2, `at least two spans had CPU samples (${seen} of ${spans.length})`);
  });

  it('the spans of one endpoint add up to its span_name total', async () => {
    for (const name of Object.keys(SPAN_FUNCTIONS) as (keyof typeof SPAN_FUNCTIONS)[]) {
      const ids = (await perflensJson<{ keys: { key: string; values: { value: string }[] }[] }>(['labels', profile, '--json', '--labels', `span_name="${name}"`, '--values', '0']))
        .keys.find((k) => k.key === 'span_id')?.values.map((v) => v.value) ?? [];
      assert.ok(ids.length > 0, name);
      const bySpans = await perflensJson<Top>(['top', profile, '--json', ...ids.flatMap((id) => ['--span', id])]);
      const byName = await perflensJson<Top>(['top', profile, '--json', '--labels', `span_name="${name}"`]);
      assert.equal(bySpans.selected, byName.selected, name);
    }
  });
});
