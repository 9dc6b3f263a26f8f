// Lines and log entries of a text: where each line starts, which entry it
// belongs to (a timestamped line and its continuation lines; without
// timestamps, each unindented line and what is indented under it).

/** Lines that start a log entry: ISO dates (Docker's too), dd/mm/yyyy, syslog, a bare time. */
const TIMESTAMP = /[ \t]*\[?(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\d{4}\/\d\d\/\d\d[ T]\d\d:\d\d|\d\d\/\d\d\/\d{4}[ ,T]\d\d:\d\d|\d\d:\d\d:\d\d|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d)/y;
/** Lines that continue the entry above: indented, stack frames, tracebacks, closing brackets. */
const CONTINUATION = /^(?:\s|at |File "|Traceback|During handling|The above exception|[}\])]|\.\.\.)/;

export class TextLines {
  readonly starts: number[] = [0];
  readonly count: number;
  readonly timestamped: boolean;
  /** The entry each line (0-based) belongs to. */
  readonly entryOf: Int32Array;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.count = text.endsWith('\n') ? this.starts.length - 1 : this.starts.length;
    let stamped = 0;
    let nonBlank = 0;
    for (let li = 0; li < this.count && nonBlank < 5000; li++) {
      if (this.end(li) === this.starts[li] || this.head(li).trim() === '') continue;
      nonBlank++;
      if (this.stampAt(li)) stamped++;
    }
    this.timestamped = stamped >= 2 && stamped * 5 >= nonBlank;
    this.entryOf = new Int32Array(Math.max(this.count, 1));
    let entry = 0;
    for (let li = 0; li < this.count; li++) {
      if (li > 0 && this.startsEntry(li)) entry++;
      this.entryOf[li] = entry;
    }
  }

  /** Offset of the end of line `li` (its newline, or the end of the text). */
  end(li: number): number {
    return li + 1 < this.starts.length ? this.starts[li + 1]! - 1 : this.text.length;
  }

  /** The 0-based line an offset is on. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  startsEntry(li: number): boolean {
    if (this.timestamped) return this.stampAt(li);
    const head = this.head(li);
    return head.trim() !== '' && !CONTINUATION.test(head);
  }

  isEntryStartAt(offset: number): boolean {
    const li = this.lineOf(offset);
    return this.starts[li] === offset && li < this.count && this.startsEntry(li);
  }

  private head(li: number): string {
    return this.text.slice(this.starts[li], Math.min(this.end(li), this.starts[li]! + 64));
  }

  private stampAt(li: number): boolean {
    TIMESTAMP.lastIndex = this.starts[li]!;
    const m = TIMESTAMP.exec(this.text);
    return m !== null && m.index + m[0].length <= this.end(li);
  }
}
