/** One framed message (terminator and a trailing CR removed), or a framing error; framing resumes after the next LF. */
export type FramerOutput = { readonly kind: 'message'; readonly bytes: Uint8Array } | { readonly kind: 'error'; readonly message: string };

const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const QUOTE = 0x22;

/**
 * Splits a byte stream into LF-terminated messages, skipping IEEE 488.2 definite-length blocks (`#<d><len><bytes>`)
 * by their length, so blocks may hold LF bytes. Works in both directions: responses (`#43600…\n`) and commands
 * carrying a block (`SOUR1:DATA:ARB W,#43600…\n`). `#` inside double quotes, or not followed by a digit, is text.
 */
export class MessageFramer {
  private buf: Uint8Array;
  private len = 0;
  private state: 'text' | 'hash' | 'digits' | 'block' | 'discard' = 'text';
  private inQuotes = false;
  private digitsLeft = 0;
  private blockLen = 0;
  private blockLeft = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {
    this.buf = new Uint8Array(4096);
  }

  /** True while the framer is inside a block (a timeout now means a truncated block). */
  get inBlock(): boolean {
    return this.state === 'block' || this.state === 'digits';
  }

  /** Block bytes received / declared, while inBlock. */
  get blockProgress(): { received: number; declared: number } {
    return { received: this.blockLen - this.blockLeft, declared: this.blockLen };
  }

  /** Bytes of the message being assembled. */
  get buffered(): number {
    return this.len;
  }

  /** Drops any partial message. */
  reset(): void {
    this.len = 0;
    this.state = 'text';
    this.inQuotes = false;
  }

  /** Feeds a chunk; returns the messages (and errors) it completed. */
  push(chunk: Uint8Array): FramerOutput[] {
    const out: FramerOutput[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'block') {
        const take = Math.min(this.blockLeft, chunk.length - i);
        this.append(chunk.subarray(i, i + take));
        this.blockLeft -= take;
        i += take;
        if (this.blockLeft === 0) this.state = 'text';
        continue;
      }
      const b = chunk[i++];
      if (this.state === 'discard') {
        if (b === LF) this.reset();
        continue;
      }
      if (b === LF && (this.state === 'text' || this.state === 'hash')) {
        const end = this.len > 0 && this.buf[this.len - 1] === CR ? this.len - 1 : this.len;
        out.push({ kind: 'message', bytes: this.buf.slice(0, end) });
        this.reset();
        continue;
      }
      this.append1(b);
      const err = this.step(b);
      if (err) {
        out.push({ kind: 'error', message: err });
        this.state = b === LF ? 'text' : 'discard';
        if (b === LF) this.reset();
      } else if (this.len > this.maxBytes) {
        out.push({ kind: 'error', message: `message longer than ${this.maxBytes} bytes` });
        this.state = 'discard';
      }
    }
    return out;
  }

  /** Advances the header state machine by one byte; returns an error message for a malformed block header. */
  private step(b: number): string | undefined {
    switch (this.state) {
      case 'text':
        if (b === QUOTE) this.inQuotes = !this.inQuotes;
        else if (b === HASH && !this.inQuotes) this.state = 'hash';
        return undefined;
      case 'hash':
        if (b === 0x30) return 'indefinite-length block (#0) is not supported';
        if (b > 0x30 && b <= 0x39) {
          this.digitsLeft = b - 0x30;
          this.blockLen = 0;
          this.state = 'digits';
        } else {
          this.state = 'text';
        }
        return undefined;
      case 'digits':
        if (b < 0x30 || b > 0x39) return `malformed block header: non-digit byte 0x${b.toString(16)} in the length`;
        this.blockLen = this.blockLen * 10 + (b - 0x30);
        if (--this.digitsLeft === 0) {
          this.blockLeft = this.blockLen;
          this.state = this.blockLen > 0 ? 'block' : 'text';
        }
        return undefined;
      default:
        return undefined;
    }
  }

  private append1(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  private append(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
