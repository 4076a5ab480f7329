// Commands in remediation are pasted into a shell at night, and their values come from events
// and APIs that a caller controls. So a command is data (words), and `commandLine` is the one
// place that turns it into text: every word is quoted for a POSIX shell, and a value that does
// not fit its grammar (see command-values.ts) is never printed; a placeholder stands in its place.

import { replaceControls } from "../core/text.ts";

/** A value that could not be used: printed bare (`<cluster-name>`), with why, once per remediation. */
export interface Placeholder {
  placeholder: string;
  /** The value that failed its grammar (event text) and what it should have been; null when there was no value. */
  rejected: { value: string; what: string } | null;
}

/** One word of a command: quoted text, a placeholder, or text and placeholders glued together. */
export type Word = string | Placeholder | ReadonlyArray<string | Placeholder>;

/** Shell syntax between words; written as is, never quoted. */
export interface Operator {
  op: "|" | "&&" | ">" | "\\\n ";
}

export interface Command {
  words: ReadonlyArray<Word | Operator>;
  /** A trailing `# comment` (tool text). */
  comment?: string;
}

const SAFE = /^[A-Za-z0-9_.,:/=@+%-]+$/;

/**
 * A string as one POSIX shell word: bare when it has only safe characters, else single-quoted
 * (a `'` inside becomes `'\''`). Control characters cannot be quoted on one line: shown as `<U+000A>`.
 */
export function shq(value: string): string {
  if (SAFE.test(value)) return value;
  const v = replaceControls(value, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
  return v !== "" && SAFE.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

export function isPlaceholder(w: unknown): w is Placeholder {
  return typeof w === "object" && w !== null && "placeholder" in w;
}

function isOperator(w: unknown): w is Operator {
  return typeof w === "object" && w !== null && "op" in w;
}

function word(w: Word): string {
  if (typeof w === "string") return shq(w);
  if (isPlaceholder(w)) return w.placeholder;
  return w.map((part) => (typeof part === "string" ? (part === "" ? "" : shq(part)) : part.placeholder)).join("");
}

/** The command as one line of shell (the only function that writes commands). */
export function commandLine(c: Command): string {
  const text = c.words.map((w) => (isOperator(w) ? w.op : word(w))).join(" ");
  return c.comment ? `${text}   # ${c.comment}` : text;
}

/** A command from its words; operators come from `pipe`, `and`, `to`. */
export function cmd(...words: Array<Word | Operator | null | undefined | false>): Command {
  return { words: words.filter((w): w is Word | Operator => w !== null && w !== undefined && w !== false) };
}

export const pipe: Operator = { op: "|" };
export const and: Operator = { op: "&&" };
export const to: Operator = { op: ">" };
/** A line continuation, for long commands. */
export const cont: Operator = { op: "\\\n " };

/** Every placeholder a command shows. */
export function placeholdersOf(c: Command): Placeholder[] {
  const out: Placeholder[] = [];
  for (const w of c.words) {
    if (isOperator(w) || typeof w === "string") continue;
    if (isPlaceholder(w)) out.push(w);
    else for (const p of w) if (isPlaceholder(p)) out.push(p);
  }
  return out;
}
