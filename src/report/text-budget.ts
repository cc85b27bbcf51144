/** The text report's size budget: lines and bytes of UTF-8, counted as they are added. */

/** Bytes of a line in UTF-8, and its line break. */
export function bytesOf(line: string): number {
  let n = line.length + 1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    // Surrogate pairs count 2 + 2: four bytes.
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

/** Lines with a running count, refusing any that would take them past the budget. */
export class Budget {
  lines = 0;
  bytes = 0;
  readonly out: string[] = [];

  constructor(
    readonly maxLines: number,
    readonly maxBytes: number,
  ) {}

  fits(lines: readonly string[]): boolean {
    let bytes = 0;
    for (const l of lines) bytes += bytesOf(l);
    return this.lines + lines.length <= this.maxLines && this.bytes + bytes <= this.maxBytes;
  }

  /** Adds the lines if they fit; false (and nothing added) if not. */
  add(lines: readonly string[]): boolean {
    if (!this.fits(lines)) return false;
    for (const l of lines) {
      this.out.push(l);
      this.lines++;
      this.bytes += bytesOf(l);
    }
    return true;
  }

  /** Adds the lines whatever the budget: the few that say what was left out. */
  force(lines: readonly string[]): void {
    for (const l of lines) {
      this.out.push(l);
      this.lines++;
      this.bytes += bytesOf(l);
    }
  }
}
