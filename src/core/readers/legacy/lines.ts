/** Lines of a text profile, read one at a time (Go's bufio.Scanner, as pprof's parsers use it). */
export class LineScanner {
  private index = -1;
  private readonly lines: string[];

  constructor(text: string) {
    this.lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    // A final newline ends the last line; it does not start an empty one.
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
  }

  /** Moves to the next line; false at the end (then `text` is ""). */
  scan(): boolean {
    if (this.index < this.lines.length) this.index++;
    return this.index < this.lines.length;
  }

  /** The current line ("" before the first scan and after the last). */
  get text(): string {
    return this.lines[this.index] ?? '';
  }
}
