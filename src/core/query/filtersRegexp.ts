/**
 * Regular expressions typed by a person into a filter (label values, frame filters, pprof's tagfocus), with Go's
 * syntax and semantics — those of `go tool pprof`, Pyroscope and Parca, which are Go programs — run by re2js, a
 * port of RE2/Go's regexp: matching time is linear in the text, so no pattern can hang PerfLens by backtracking.
 *
 * The bounds are those pruneFrames puts on a profile's drop_frames: a pattern over MAX_PATTERN_LENGTH characters
 * or MAX_PROGRAM_SIZE instructions is refused; a text whose (length × program size) is over MAX_WORK_PER_NAME is
 * not matched (the caller counts it as not matching and says so); and all the matching one filter does runs
 * within a work budget (text length × program size, summed) that grows with the text it tests, after which the
 * filter is refused with a clear error — the same answer on an idle and on a busy machine.
 * Each distinct text is tested once per pattern by the callers (per function, per file, per label value), never
 * per sample.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';
import { MATCH_BASE_WORK, MATCH_WORK_PER_NAME_CHARACTER, MAX_PATTERN_LENGTH, MAX_PROGRAM_SIZE, MAX_WORK_PER_NAME } from '../profile/pruneFrames';
import { FilterError } from './filtersError';

export interface FilterRegexp {
  /** The pattern as the person wrote it. */
  readonly pattern: string;
  readonly re: RE2JS;
  readonly programSize: number;
}

/**
 * `pattern` compiled as Go's `regexp.Compile(compiled)` would (`compiled` is the text actually compiled, e.g. the
 * pattern anchored by string concatenation, as Prometheus anchors label regexes). Throws a FilterError that
 * starts with `what` (e.g. `focus` or `label filter endpoint=~"…"`).
 */
export function compileFilterRegexp(what: string, pattern: string, compiled = pattern): FilterRegexp {
  if (compiled.length > MAX_PATTERN_LENGTH) {
    throw new FilterError(`${what}: the regular expression is ${pattern.length} characters long, over the limit of ${MAX_PATTERN_LENGTH}`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(compiled);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) throw new FilterError(`${what}: ${quotePattern(pattern)} is not a valid regular expression (Go syntax): ${e.getDescription()}`);
    throw e;
  }
  const programSize = re.programSize();
  if (programSize > MAX_PROGRAM_SIZE) {
    throw new FilterError(`${what}: ${quotePattern(pattern)} compiles to ${programSize} instructions, over the limit of ${MAX_PROGRAM_SIZE}; simplify it`);
  }
  return { pattern, re, programSize };
}

/** A pattern in a message: JSON-quoted, cut at 200 characters. */
export function quotePattern(pattern: string): string {
  return JSON.stringify(pattern.length > 200 ? `${pattern.slice(0, 200)}…` : pattern);
}

/**
 * Runs the matching of one filter evaluation under one work budget. `test` answers undefined for a text too long
 * to match within the per-text bound; `tooLong` counts those, for the caller's note.
 */
export class BoundedMatching {
  private work = 0;
  tooLong = 0;

  /**
   * @param what names the filter in the error thrown when the budget runs out
   * @param characters how many characters will be tested at most (sets the budget, as pruneFrames does)
   * @param budget overrides the budget, in steps (text length × program size)
   */
  constructor(private readonly what: string, characters: number, private readonly budget = MATCH_BASE_WORK + MATCH_WORK_PER_NAME_CHARACTER * characters) {}

  /** Whether `rx` finds a match in `text` (Go's MatchString), or undefined when the text is over the work bound. */
  test(rx: FilterRegexp, text: string): boolean | undefined {
    const work = text.length * rx.programSize;
    if (work > MAX_WORK_PER_NAME) {
      this.tooLong++;
      return undefined;
    }
    this.work += work;
    if (this.work > this.budget) {
      throw new FilterError(`${this.what}: matching ${quotePattern(rx.pattern)} needs more than ${this.budget} steps (text length × ${rx.programSize} instructions); simplify the regular expression`);
    }
    return rx.re.test(text);
  }

  /** A note for the texts that were too long to match, or undefined when there were none. */
  note(kind: string): string | undefined {
    if (this.tooLong === 0) return undefined;
    return `${this.what}: ${this.tooLong} ${kind}${this.tooLong === 1 ? ' was' : 's were'} too long to match and counted as not matching`;
  }
}
