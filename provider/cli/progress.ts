/**
 * One status line on stderr while something takes long: rewritten in place on a terminal, otherwise (CI logs) a line
 * at most once per interval. Nothing shows before the first interval has passed, so quick runs stay quiet.
 */
export class ProgressLine {
  private last = Date.now();
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { readonly isTTY?: boolean },
    private readonly intervalMs = 1000,
  ) {}

  /** Shows `text` when the interval has passed since the last line (on a terminal, up to 10 times a second); `now` shows it at once. */
  update(text: string, { now = false } = {}): void {
    const tty = this.stream.isTTY === true;
    if (!now && Date.now() - this.last < (tty && this.shown ? 100 : this.intervalMs)) return;
    this.last = Date.now();
    this.shown = true;
    this.stream.write(tty ? `\r\x1b[2K${text}` : `${text}\n`);
  }

  /** Removes the line from a terminal, so what is written next starts on a clean line. */
  clear(): void {
    if (this.shown && this.stream.isTTY === true) this.stream.write("\r\x1b[2K");
    this.shown = false;
  }
}
