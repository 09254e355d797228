// Real fixture profiles (decoded with pprof-format by the fixtures' own reader) as a frame table plus samples whose
// frames run leaf first with inlined frames expanded innermost first — the input shape of the symbolication core.
import type { ProfileFrame } from '../../../src/core/symbolicate/frame-symbolicator';
import { readFixture, valueIndex, type DecodedFixture } from '../fixtures/read-fixture';

export interface FixtureFrames {
  fixture: DecodedFixture;
  frames: ProfileFrame[];
  samples: { value: number; frames: number[] }[];
}

export function fixtureFrames(relPath: string, sampleType: string): FixtureFrames {
  const fixture = readFixture(relPath);
  const index = valueIndex(fixture, sampleType);
  const frames: ProfileFrame[] = [];
  const ids = new Map<string, number>();
  const idOf = (fn: string, file: string, line: number) => {
    const key = `${fn}\u0000${file}\u0000${line}`;
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = frames.length));
      frames.push({ functionName: fn, file, line });
    }
    return id;
  };
  const samples = fixture.samples.map((s) => ({
    value: s.values[index],
    frames: s.locations.flatMap((lines) => lines.map((l) => idOf(l.fn, l.file, l.line))),
  }));
  return { fixture, frames, samples };
}
