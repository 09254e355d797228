// The OpenTelemetry profiles reader on real messages: the eBPF profiler's (from Grafana Pyroscope's test suite,
// in the shared corpus) and one made by the OpenTelemetry Collector's own data model and marshaller
// (test/fixtures/otlp/tool). Each is also read by the official generated Go code pinned to the same proto
// version; the totals per service and sample type must agree. Hostile messages are refused with one line.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { ProfileError } from '../../../src/core/profile/errors';
import type { Profile } from '../../../src/core/profile/model';
import { looksLikeOtlpProfiles, readOtlpProfiles } from '../../../src/core/readers/otlp/index';
import { ProtoWriter } from '../../../src/sources/proto/writer';
import { realProfileFixtures } from '../core/helpers/fixtures';
import { corpusFile } from './helpers/corpus';
import { labelOf } from './helpers/labels';
import { otlpToolUnavailable, produceOtlpRequest, summarizeOtlp, type OtlpGroupSummary } from './helpers/otlpTool';

const EBPF_MESSAGE = 'grafana+pyroscope/pkg/test/integration/testdata/otel-ebpf-profile.pb.bin';

const column = (p: Profile, type: string) => {
  const t = p.sampleTypes.findIndex((x) => x.type === type);
  assert.ok(t >= 0, `${type} in ${p.sampleTypes.map((x) => x.type)}`);
  let sum = 0;
  for (let s = 0; s < p.samples.count; s++) sum += p.samples.values[s * p.sampleTypes.length + t];
  return sum;
};

/** Checks each reference group against the profile PerfLens read for it. */
function assertSameTotals(profiles: readonly Profile[], reference: readonly OtlpGroupSummary[]): void {
  assert.equal(profiles.length, reference.length, 'one profile per service and sample type');
  for (const g of reference) {
    const p = profiles.find((x) => labelOf(x, 0, 'service_name') === g.service
      && (g.type === 'samples' ? x.period === g.period && x.defaultSampleType === x.periodType?.type : x.defaultSampleType === g.type));
    assert.ok(p, `a profile for ${g.service} ${g.type}`);
    assert.equal(p.samples.count, g.samples, `${g.service} ${g.type}: samples`);
    if (g.type === 'samples') {
      assert.equal(column(p, 'samples'), g.sum, `${g.service}: sample count`);
      const time = p.sampleTypes[1];
      assert.equal(column(p, time.type), g.sum * g.period, `${g.service}: ${time.type} = samples × period`);
      assert.equal(p.defaultSampleType, time.type);
    } else {
      assert.equal(column(p, g.type), g.sum, `${g.service} ${g.type}: sum`);
      assert.equal(column(p, 'samples'), g.events, `${g.service} ${g.type}: observations`);
    }
    for (let s = 0; s < p.samples.count; s++) assert.equal(labelOf(p, s, 'service_name'), g.service);
  }
}

describe('OpenTelemetry profiles reader (v1development, pinned to v0.3.0)', () => {
  const skip = otlpToolUnavailable();
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'perflens-otlp-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("reads the eBPF profiler's message with the reference's totals per service and type", { skip: skip ?? (corpusFile(EBPF_MESSAGE) ? false : 'the shared corpus is not here') }, () => {
    const file = corpusFile(EBPF_MESSAGE)!;
    const profiles = readOtlpProfiles(readFileSync(file), 'ebpf.pb', { splitByService: true });
    assertSameTotals(profiles, summarizeOtlp(file));
    // Unsymbolized native frames keep their mapping (pprof names them after the binary), kernel frames their names.
    const all = readOtlpProfiles(readFileSync(file), 'ebpf.pb');
    assert.deepEqual(all.map((p) => p.sampleTypes.map((t) => t.type)).sort(), [['samples', 'cpu'], ['samples', 'off_cpu']].sort());
    const offCpu = all.find((p) => p.defaultSampleType === 'off_cpu')!;
    assert.equal(labelOf(offCpu, 0, 'thread.name'), 'migration/10');
    assert.equal(labelOf(offCpu, 0, 'process.pid'), '66');
  });

  it("reads a request made by the OpenTelemetry Collector's marshaller: totals, resource, sample and link labels", { skip }, () => {
    const file = join(work, 'request.pb');
    const reference = produceOtlpRequest(file);
    const bytes = readFileSync(file);
    assert.ok(looksLikeOtlpProfiles(bytes));
    const profiles = readOtlpProfiles(bytes, 'request.pb', { splitByService: true });
    assertSameTotals(profiles, reference);
    const cpu = profiles.find((p) => labelOf(p, 0, 'service_name') === 'checkout' && p.defaultSampleType === 'cpu')!;
    const sent = reference.find((g) => g.service === 'checkout' && g.type === 'samples')!;
    assert.equal(labelOf(cpu, 0, 'version'), 'v2.1.0', 'service.version becomes version');
    assert.equal(labelOf(cpu, 0, 'host.name'), 'box-1', 'resource attributes are on every sample');
    assert.equal(labelOf(cpu, 0, 'endpoint'), sent.labels.endpoint);
    assert.equal(labelOf(cpu, 0, 'thread.id'), sent.labels['thread.id']);
    const linked = [0, 1].find((s) => labelOf(cpu, s, 'span_id') !== undefined)!;
    assert.equal(labelOf(cpu, linked, 'span_id'), sent.labels.span_id);
    assert.equal(labelOf(cpu, linked, 'trace_id'), sent.labels.trace_id);
    // Merged by sample type only, both services' CPU samples are one profile.
    const merged = readOtlpProfiles(gzipSync(bytes), 'request.pb.gz');
    assert.equal(merged.length, 2);
  });

  it('tells OTLP messages from pprof by content', () => {
    for (const path of realProfileFixtures()) {
      const raw = readFileSync(path);
      assert.equal(looksLikeOtlpProfiles(raw[0] === 0x1f ? gunzipSync(raw) : raw), false, path);
    }
  });

  describe('bad and hostile messages: one ProfileError line, nothing else', () => {
    /** A minimal valid message: one CPU profile of `samples` samples on one stack, plus `extra` for the dictionary. */
    const message = (o: { samples?: number; resourceAttributes?: number; stackIndex?: number; strings?: string[]; extraDictionary?: (w: ProtoWriter) => void } = {}) => {
      const w = new ProtoWriter();
      w.message(1, (rp) => {
        rp.message(1, (res) => {
          for (let i = 0; i < (o.resourceAttributes ?? 1); i++) res.message(1, (kv) => kv.string(1, `k${i}`).message(2, (v) => v.string(1, 'v')));
        });
        rp.message(2, (sp) => sp.message(2, (p) => {
          p.message(1, (vt) => vt.varint(1, 1).varint(2, 2));
          for (let i = 0; i < (o.samples ?? 1); i++) p.message(2, (s) => s.varint(1, o.stackIndex ?? 1).message(4, (vals) => vals.varint(1, 5)));
        }));
      });
      w.message(2, (d) => {
        for (const s of o.strings ?? ['', 'cpu', 'nanoseconds', 'main']) {
          if (s === '') d.message(5, () => {});
          else d.bytes(5, new TextEncoder().encode(s));
        }
        d.message(3, () => {}).message(3, (f) => f.varint(1, 3));
        d.message(2, () => {}).message(2, (l) => l.message(3, (line) => line.varint(1, 1).varint(2, 10)));
        d.message(7, () => {}).message(7, (st) => st.varint(1, 1));
        o.extraDictionary?.(d);
      });
      return w.finish();
    };

    it('reads the minimal message (the baseline of the cases below)', () => {
      const [p] = readOtlpProfiles(message(), 'ok.pb');
      assert.equal(p.samples.count, 1);
      assert.equal(p.strings.get(p.functions.name[p.lines.function[p.locations.lineStart[p.samples.locations[0]]]]), 'main');
    });

    it('reads attribute values nested 5000 deep without recursing into them', () => {
      let value = new ProtoWriter().string(1, 'leaf').finish();
      for (let i = 0; i < 5000; i++) {
        const kv = new ProtoWriter().string(1, 'k').bytes(2, value).finish();
        value = new ProtoWriter().bytes(6, new ProtoWriter().bytes(1, kv).finish()).finish();
      }
      const bytes = message({ extraDictionary: (d) => d.message(6, () => {}).message(6, (a) => a.varint(1, 3).bytes(2, value)) });
      const dictionaryOnly = readOtlpProfiles(bytes, 'nested.pb');
      assert.equal(dictionaryOnly[0].samples.count, 1);
    });

    const refusals: [string, () => Uint8Array, RegExp, object?][] = [
      ['an empty body', () => new Uint8Array(0), /empty/],
      ['a truncated message', () => message().subarray(0, 40), /not an OpenTelemetry profiles message \(truncated/],
      ['no dictionary', () => new ProtoWriter().message(1, () => {}).finish(), /no ProfilesDictionary/],
      ['a sample pointing past the stack table', () => message({ stackIndex: 9 }), /refers to stack 9, outside the stack table/],
      ['a string table not starting with ""', () => message({ strings: ['x', 'cpu', 'nanoseconds', 'main'] }), /string_table\[0\] must be the empty string/],
      ['a function naming a string past the table', () => message({ strings: ['', 'cpu', 'nanoseconds'] }), /outside the string table/],
      ['more samples than maxSamples', () => message({ samples: 50 }), /more than 10 samples.*maxSamples/, { maxSamples: 10 }],
      ['200 resource attributes on a sample', () => message({ resourceAttributes: 200 }), /over the limit of 128/],
      ['resource attributes repeated on every sample past the label cap', () => message({ samples: 100, resourceAttributes: 50 }), /add up to more than 4000 labels/, { maxSamples: 1000 }],
      ['a gzip bomb', () => gzipSync(Buffer.alloc(64 * 1024 * 1024)), /larger than the limit of 1048576 bytes/, { maxDecompressedBytes: 1024 * 1024 }],
    ];
    for (const [what, build, message_, limits] of refusals) {
      it(`refuses ${what}`, () => {
        const bytes = build();
        try {
          readOtlpProfiles(bytes, 'hostile.pb', { limits: limits as object });
          assert.fail('read');
        } catch (e) {
          assert.ok(e instanceof ProfileError, String(e));
          assert.match(e.message, /^hostile\.pb: /);
          assert.match(e.message, message_);
          assert.doesNotMatch(e.message, /\n/);
        }
      });
    }
  });
});
