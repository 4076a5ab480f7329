// decodeText (shared/sources/text.ts) for a stream of chunks, with the same decisions and the
// same positions, but never the whole input at once when it is JSON Lines:
// - the first non-blank line parses and more follows → JSON Lines, decoded line by line as the
//   lines arrive (a line may span any number of chunks, and be longer than any chunk);
// - the first line parses and nothing follows → one document, as decodeText;
// - the first line does not parse (a pretty-printed document, a broken first line) → the input
//   is held and given to decodeText whole; past V8's maximum string length it cannot be one
//   document, so it goes on as lines (what decodeText does with such a buffer).
// After every line, the events decoded so far go to `drain`, so the caller holds none.
import { constants } from "node:buffer";
import { reject, type DecodeContext } from "../sources/context.ts";
import type { RecordFilter } from "./cloudtrail-records.ts";
import { decodeDocument } from "./document.ts";
import { isObject, parseJson, type Parsed } from "../sources/json.ts";
import { decodeOtherLine, decodeText } from "../sources/text.ts";
import type { LineFilter } from "../prefilter/line-filter.ts";

const NEWLINE = 0x0a;
const NL = Buffer.from("\n");
/** A line this long cannot become a string; it is rejected, not parsed. */
const MAX_LINE = constants.MAX_STRING_LENGTH;

type Mode = "start" | "lines" | "whole";

function blank(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== NEWLINE) return false;
  }
  return true;
}

export class TextStream {
  private mode: Mode = "start";
  private line = 0;
  /** Chunks of the line not yet ended. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** "start": the first non-blank line, parsed, waiting to learn whether more follows. */
  private first: { parsed: Parsed; line: number } | undefined;
  /** "whole": everything, held for decodeText. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private bomChecked = false;
  /** Blank lines before the first record, kept while the mode may still become "whole". */
  private startLines: Buffer[] = [];

  constructor(
    private readonly ctx: DecodeContext,
    private readonly drain: () => void,
    private readonly filter?: LineFilter,
    private readonly records?: RecordFilter,
  ) {}

  push(chunk: Buffer): void {
    if (!this.bomChecked) {
      if (this.partialBytes + chunk.length < 3 && this.mode === "start") {
        this.partial.push(chunk);
        this.partialBytes += chunk.length;
        return;
      }
      this.bomChecked = true;
      const head = this.partial.length ? Buffer.concat([...this.partial, chunk]) : chunk;
      this.partial = [];
      this.partialBytes = 0;
      chunk = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
    }
    if (this.mode === "whole") return this.hold(chunk);
    let from = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
      if (this.mode === "lines" && this.filter && this.partial.length === 0) {
        from = this.batchLines(chunk, from, nl);
        break;
      }
      const piece = chunk.subarray(from, nl);
      const lineBuf = this.partial.length ? Buffer.concat([...this.partial, piece], this.partialBytes + piece.length) : piece;
      this.partial = [];
      this.partialBytes = 0;
      from = nl + 1;
      this.onLine(lineBuf);
      if (this.holding()) return this.hold(chunk.subarray(from));
    }
    if (from < chunk.length) {
      // Copied: a chunk's buffer may be reused by its producer.
      const rest = Buffer.from(chunk.subarray(from));
      this.partial.push(rest);
      this.partialBytes += rest.length;
    }
  }

  end(): void {
    if (!this.bomChecked && this.partialBytes > 0) {
      this.bomChecked = true;
      const head = Buffer.concat(this.partial);
      this.partial = [];
      this.partialBytes = 0;
      this.push(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head);
    }
    if (this.mode === "whole") {
      const all = Buffer.concat(this.held, this.heldBytes);
      this.held = [];
      // A pretty-printed CloudTrail file takes the record filter; anything else decodeText's rules.
      const doc = this.records && all.length <= MAX_LINE ? parseJson(all.toString("utf8")) : undefined;
      if (doc?.ok && isObject(doc.value) && "Records" in doc.value) decodeDocument(this.ctx, doc.value, "", this.records);
      else decodeText(this.ctx, all);
      this.drain();
      return;
    }
    if (this.partialBytes > 0) {
      const last = Buffer.concat(this.partial, this.partialBytes);
      this.partial = [];
      this.partialBytes = 0;
      this.onLine(last);
    }
    if (this.holding()) return this.end();
    if (this.first) {
      // One line of JSON and nothing else: one document, as decodeText says.
      const { parsed } = this.first;
      this.first = undefined;
      if (parsed.ok) decodeDocument(this.ctx, parsed.value, "", this.records);
      this.drain();
    }
  }

  /** Whether the input is now being held whole (a method: the mode changes under calls). */
  private holding(): boolean {
    return this.mode === "whole";
  }

  private hold(chunk: Buffer): void {
    if (chunk.length > 0) {
      this.held.push(Buffer.from(chunk));
      this.heldBytes += chunk.length;
    }
    // Too long for one document: it can only be lines (what decodeText does with it).
    if (this.heldBytes > MAX_LINE) this.releaseAsLines();
  }

  private releaseAsLines(): void {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    // The held bytes are the input from its first byte: read again, as lines, from line 1.
    this.mode = "lines";
    this.line = 0;
    for (const b of held) this.push(b);
  }

  private onLine(buf: Buffer): void {
    this.line++;
    if (blank(buf)) {
      if (this.mode === "start" && this.first === undefined) this.startLines.push(buf, NL);
      return;
    }
    if (this.mode === "start") {
      if (this.first === undefined) {
        const parsed = buf.length > MAX_LINE ? ({ ok: false, error: "longer than the maximum string length" } as Parsed) : parseJson(buf.toString("utf8"));
        if (parsed.ok) {
          this.first = { parsed, line: this.line };
          this.startLines = [];
          return;
        }
        // Not JSON on its own: a pretty-printed document, or a broken first line.
        this.mode = "whole";
        this.hold(Buffer.concat([...this.startLines, buf, NL]));
        this.startLines = [];
        return;
      }
      // More follows the first line: JSON Lines.
      this.mode = "lines";
      this.startLines = [];
      const f = this.first;
      this.first = undefined;
      this.decodeLine(undefined, f.line, f.parsed);
    }
    this.decodeLine(buf, this.line);
  }


  /**
   * JSON Lines, every complete line of `chunk` from `from` (the first ends at `nl`): the filter
   * answers for all of them in one pass. Returns where the unfinished last line starts.
   */
  private batchLines(chunk: Buffer, from: number, nl: number): number {
    const starts: number[] = [];
    const ends: number[] = [];
    for (let end = nl; end !== -1; end = chunk.indexOf(NEWLINE, from)) {
      starts.push(from);
      ends.push(end);
      from = end + 1;
    }
    const parse = this.filter!.batch(chunk, starts, ends);
    for (let i = 0; i < starts.length; i++) {
      this.line++;
      const line = chunk.subarray(starts[i], ends[i]);
      if (blank(line)) continue;
      if (parse[i]) this.decodeLine(line, this.line, undefined, true);
      else this.ctx.filtered++;
    }
    return from;
  }

  private decodeLine(buf: Buffer | undefined, line: number, parsed?: Parsed, filtered = false): void {
    const position = `line ${line}`;
    if (buf && buf.length > MAX_LINE) {
      reject(this.ctx, position, `a line of ${buf.length} bytes, longer than the maximum string length`);
      return;
    }
    if (buf && !filtered && this.filter && !this.filter(buf)) {
      this.ctx.filtered++;
      return;
    }
    const text = parsed ? undefined : buf!.toString("utf8");
    const p = parsed ?? parseJson(text!);
    if (p.ok) decodeDocument(this.ctx, p.value, position, this.records);
    else if (!decodeOtherLine(this.ctx, text ?? buf!.toString("utf8"), position)) reject(this.ctx, position, `not JSON: ${p.error}`);
    this.drain();
  }
}
