/** The last bytes a child process wrote (stdout and stderr interleaved), for error messages. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly maxBytes = 8_192,
    private readonly maxLines = 40,
  ) {}

  write(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.maxBytes && this.chunks.length > 1) {
      this.size -= (this.chunks.shift() as Buffer).length;
    }
  }

  /** The last lines, trimmed to the byte and line limits. */
  text(): string {
    const all = Buffer.concat(this.chunks);
    const text = all.subarray(Math.max(0, all.length - this.maxBytes)).toString('utf8');
    return text.trimEnd().split('\n').slice(-this.maxLines).join('\n');
  }
}
