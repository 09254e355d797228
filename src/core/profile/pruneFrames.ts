/**
 * pprof's drop_frames / keep_frames, applied as `go tool pprof` applies them when it loads profiles
 * (github.com/google/pprof profile/prune.go: RemoveUninteresting → Prune):
 *
 * - A function prunes when its name, simplified (a leading "." dropped, cut at the first "(" that does not begin
 *   "(anonymous namespace)" or "operator()"), matches `^(drop_frames)$` and does not match `^(keep_frames)$`
 *   (Go regexp syntax and semantics, by re2js, a port of RE2/Go's regexp). Lines without a function or with an
 *   empty name never prune.
 * - A location's lines are read from the outermost (the real frame) inward; at the first pruning line: if it is
 *   the outermost, the whole location prunes; otherwise the location loses that line and the lines inlined into it
 *   (everywhere the location appears) and keeps the lines outside it.
 * - Each sample is scanned from the root. Locations before the first non-pruning one are kept as they are (so a
 *   stack is never emptied). At the first pruning location after that, the stack is cut: a whole-pruned location
 *   goes with everything beneath it (its callees, toward the leaf), so its caller becomes the leaf; a trimmed
 *   location stays, as the new leaf. The sample's values are unchanged: the cost moves up to the new leaf.
 *
 * When several profiles are merged, pprof merges first and then prunes with the merged profile's patterns, which
 * are the first profile's: so the first profile's patterns apply to all of them here too.
 *
 * Patterns come from untrusted files. re2js matches in time linear in the name (never a backtracking blow-up),
 * but a pattern can still compile to a large program, and the time per character can grow with it; so each
 * distinct name is matched once, within size bounds and a time budget. A pattern Go would refuse, or one over
 * the bounds, or one whose matching runs out of time, is ignored with a warning (pprof ignores a refused pattern
 * silently) and the profiles are used unpruned.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';
import type { LineTable, Profile } from './model';

/** Longest pattern accepted (real drop_frames patterns are well under 1 KB; pprof's allocation one is 1 KB). */
export const MAX_PATTERN_LENGTH = 64 * 1024;
/** Largest compiled program, in re2js instructions (pprof's allocation pattern: 613). */
export const MAX_PROGRAM_SIZE = 100_000;
/**
 * Largest (simplified name length × program size) matched. On a pattern that defeats re2js's lazy DFA, a name
 * costs up to ~12 ns per character per instruction (measured): 2^25 keeps one name, which the time budget cannot
 * interrupt, under half a second. Real patterns stay far below it (pprof's allocation pattern allows names up to
 * 54k characters).
 */
export const MAX_WORK_PER_NAME = 2 ** 25;
/**
 * Matching work allowed per call, in (name length × program size) steps — an upper bound of what re2js does for a
 * name — so the same profile and pattern get the same answer on an idle and on a busy machine (a wall-clock budget
 * refused real patterns on a loaded one). A base plus an allowance per character of the names tested, so the bound
 * grows with the profile, like decoding it: any pattern of up to MATCH_WORK_PER_NAME_CHARACTER instructions
 * (pprof's allocation pattern: 613) always fits; a bigger program fits on short profiles only. At the measured
 * worst ~12 ns a step the base is ~3 s of matching. Compiling is not interruptible either: re2js refuses programs
 * over ~1.4M instructions, which bounds it near a second, and anything over MAX_PROGRAM_SIZE is then ignored.
 */
export const MATCH_BASE_WORK = 2 ** 28;
export const MATCH_WORK_PER_NAME_CHARACTER = 1024;

/** Per profile object: the patterns applied, the result, and why the patterns were ignored, if they were. */
const pruned = new WeakMap<Profile, { drop: string; keep: string; result: Profile; ignored?: string }>();

/**
 * The profiles with the first one's drop_frames / keep_frames applied (the same array when there is nothing to
 * prune). Results are remembered per profile object, so calling again on the same profiles costs nothing.
 * @param warn told when the patterns are ignored (invalid, too large, too costly); the message names the file
 * @param budget matching work allowed, in steps (default: MATCH_BASE_WORK + MATCH_WORK_PER_NAME_CHARACTER per name
 *   character)
 */
export function pruneFrames(profiles: readonly Profile[], warn: (message: string) => void = () => {}, budget?: number): readonly Profile[] {
  if (profiles.length === 0 || profiles[0].dropFrames === '') return profiles;
  const { dropFrames: drop, keepFrames: keep } = profiles[0];
  const entries = profiles.map((p) => {
    const hit = pruned.get(p);
    return hit && hit.drop === drop && hit.keep === keep ? hit : undefined;
  });
  if (entries[0]?.ignored) {
    warn(entries[0].ignored);
    return profiles;
  }
  if (entries.every((e) => e !== undefined)) return sameIfUnchanged(profiles, entries.map((e) => e!.result));

  const outcome = prunedWith(profiles, entries.map((e) => e?.result), budget);
  if (typeof outcome === 'string') {
    const ignored = `${profiles[0].source}: ${outcome}; its drop_frames are ignored (no frames are pruned)`;
    pruned.set(profiles[0], { drop, keep, result: profiles[0], ignored });
    warn(ignored);
    return profiles;
  }
  profiles.forEach((p, i) => {
    pruned.set(p, { drop, keep, result: outcome[i] });
    pruned.set(outcome[i], { drop, keep, result: outcome[i] });
  });
  return sameIfUnchanged(profiles, outcome);
}

/** Why matching stopped before every name was tested: the message for the warning. */
class MatchingGivenUp extends Error {}

/** The pattern compiled as pprof compiles it, or why it cannot be used. */
function compiled(field: 'drop_frames' | 'keep_frames', pattern: string): RE2JS | string {
  if (pattern.length > MAX_PATTERN_LENGTH) return `${field} is ${pattern.length} characters long, over the limit of ${MAX_PATTERN_LENGTH}`;
  let rx: RE2JS;
  try {
    // String concatenation, not a group around a parsed pattern: "a)|(b" means here what it means to pprof.
    rx = RE2JS.compile(`^(${pattern})$`);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) return `${field} ${quote(pattern)} is not a valid Go regular expression: ${e.getDescription()}`;
    throw e;
  }
  if (rx.programSize() > MAX_PROGRAM_SIZE) return `${field} ${quote(pattern)} compiles to ${rx.programSize()} instructions, over the limit of ${MAX_PROGRAM_SIZE}`;
  return rx;
}

/** The pruned profiles (reusing the `done` ones), or why the first profile's patterns cannot be used. */
function prunedWith(profiles: readonly Profile[], done: readonly (Profile | undefined)[], budget: number | undefined): Profile[] | string {
  const { dropFrames: drop, keepFrames: keep } = profiles[0];
  const dropRx = compiled('drop_frames', drop);
  if (typeof dropRx === 'string') return dropRx;
  const keepRx = keep === '' ? undefined : compiled('keep_frames', keep);
  if (typeof keepRx === 'string') return keepRx;

  const allowed = budget ?? MATCH_BASE_WORK + MATCH_WORK_PER_NAME_CHARACTER * nameCharacters(profiles.filter((_, i) => !done[i]));
  let work = 0;
  const programSize = dropRx.programSize() + (keepRx?.programSize() ?? 0);
  const decisions = new Map<string, boolean>();
  const prunes = (name: string): boolean => {
    let d = decisions.get(name);
    if (d === undefined) {
      const simple = simplifyFunctionName(name);
      if (simple.length * programSize > MAX_WORK_PER_NAME) {
        throw new MatchingGivenUp(`a function name of ${simple.length} characters is too long to match against drop_frames ${quote(drop)} (${programSize} instructions)`);
      }
      work += simple.length * programSize;
      if (work > allowed) throw new MatchingGivenUp(`matching drop_frames ${quote(drop)} against the function names needs more than ${allowed} steps (name length × ${programSize} instructions)`);
      d = dropRx.test(simple) && !(keepRx?.test(simple) ?? false);
      decisions.set(name, d);
    }
    return d;
  };
  try {
    // All matching happens before anything is built, so giving up leaves nothing half done.
    const plans = profiles.map((p, i) => (done[i] ? undefined : planLocations(p, prunes)));
    return profiles.map((p, i) => done[i] ?? applyPlan(p, plans[i]!));
  } catch (e) {
    if (e instanceof MatchingGivenUp) return e.message;
    throw e;
  }
}

/** Total length of the function names (an upper bound of what is matched: each distinct name once). */
function nameCharacters(profiles: readonly Profile[]): number {
  let total = 0;
  for (const p of profiles) for (let f = 0; f < p.functions.count; f++) total += p.strings.get(p.functions.name[f]).length;
  return total;
}

function sameIfUnchanged(profiles: readonly Profile[], results: readonly Profile[]): readonly Profile[] {
  return results.every((r, i) => r === profiles[i]) ? profiles : results;
}

function quote(pattern: string): string {
  return JSON.stringify(pattern.length > 200 ? `${pattern.slice(0, 200)}…` : pattern);
}

/** pprof's simplifyFunc: the name without its argument list, skipping "(anonymous namespace)" and "operator()". */
export function simplifyFunctionName(name: string): string {
  const s = name.startsWith('.') ? name.slice(1) : name;
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith('(anonymous namespace)', i)) i += '(anonymous namespace)'.length - 1;
    else if (s.startsWith('operator()', i)) i += 'operator()'.length - 1;
    else if (s[i] === '(') return s.slice(0, i);
  }
  return s;
}

const KEEP = 0;
/** The location's outermost line prunes: the whole location goes. */
const PRUNE_WHOLE = 1;
/** An inner line prunes: the location keeps only the lines outside it. */
const PRUNE_TRIMMED = 2;

interface LocationPlan {
  readonly state: Uint8Array;
  /** For PRUNE_TRIMMED locations: the first line index kept. */
  readonly keepFrom: Int32Array;
  readonly any: boolean;
}

function planLocations(p: Profile, prunes: (name: string) => boolean): LocationPlan {
  const { lineStart } = p.locations;
  const fnPrunes = new Int8Array(p.functions.count).fill(-1);
  const functionPrunes = (f: number) => {
    if (fnPrunes[f] < 0) {
      const name = p.strings.get(p.functions.name[f]);
      fnPrunes[f] = name !== '' && prunes(name) ? 1 : 0;
    }
    return fnPrunes[f] === 1;
  };
  const state = new Uint8Array(p.locations.count);
  const keepFrom = new Int32Array(p.locations.count);
  let any = false;
  for (let l = 0; l < p.locations.count; l++) {
    const start = lineStart[l];
    const end = lineStart[l + 1];
    for (let j = end - 1; j >= start; j--) {
      const f = p.lines.function[j];
      if (f >= 0 && functionPrunes(f)) {
        state[l] = j === end - 1 ? PRUNE_WHOLE : PRUNE_TRIMMED;
        keepFrom[l] = j + 1;
        any = true;
        break;
      }
    }
  }
  return { state, keepFrom, any };
}

function applyPlan(p: Profile, plan: LocationPlan): Profile {
  if (!plan.any) return p;
  const { state } = plan;
  const { count, locationStart, locations } = p.samples;
  const newStart = new Int32Array(count + 1);
  // First pass: where each sample's kept part (a rootward suffix of its locations) begins.
  const cutAt = new Int32Array(count);
  let total = 0;
  for (let s = 0; s < count; s++) {
    const start = locationStart[s];
    const end = locationStart[s + 1];
    let from = start;
    let foundUser = false;
    for (let i = end - 1; i >= start; i--) {
      const st = state[locations[i]];
      if (st === KEEP) {
        foundUser = true;
        continue;
      }
      if (!foundUser) continue;
      from = st === PRUNE_WHOLE ? i + 1 : i;
      break;
    }
    cutAt[s] = from;
    total += end - from;
  }
  const newLocations = new Int32Array(total);
  let w = 0;
  for (let s = 0; s < count; s++) {
    newStart[s] = w;
    for (let i = cutAt[s]; i < locationStart[s + 1]; i++) newLocations[w++] = locations[i];
  }
  newStart[count] = w;

  const trimmed = trimLines(p, plan);
  return {
    ...p,
    samples: { ...p.samples, locationStart: newStart, locations: newLocations },
    locations: trimmed ? { ...p.locations, lineStart: trimmed.lineStart } : p.locations,
    lines: trimmed ? trimmed.lines : p.lines,
  };
}

/** New line columns without the trimmed locations' inner lines; undefined when no location is trimmed. */
function trimLines(p: Profile, plan: LocationPlan): { lineStart: Int32Array; lines: LineTable } | undefined {
  if (!plan.state.includes(PRUNE_TRIMMED)) return undefined;
  const old = p.locations.lineStart;
  const lineStart = new Int32Array(p.locations.count + 1);
  const keep: number[] = [];
  for (let l = 0; l < p.locations.count; l++) {
    lineStart[l] = keep.length;
    const from = plan.state[l] === PRUNE_TRIMMED ? plan.keepFrom[l] : old[l];
    for (let j = from; j < old[l + 1]; j++) keep.push(j);
  }
  lineStart[p.locations.count] = keep.length;
  const pick = <T extends Int32Array | Float64Array>(column: T, make: (n: number) => T): T => {
    const out = make(keep.length);
    keep.forEach((j, k) => { out[k] = column[j]; });
    return out;
  };
  return {
    lineStart,
    lines: {
      count: keep.length,
      function: pick(p.lines.function, (n) => new Int32Array(n)),
      line: pick(p.lines.line, (n) => new Float64Array(n)),
      column: pick(p.lines.column, (n) => new Float64Array(n)),
    },
  };
}
