// Remediation as data: what rules and fleet checks say to do, built once and rendered per target
// (markdown.ts for the alert JSON and reports, slack-blocks in sinks/, text.ts for the terminal and e-mail).
// Text the tool writes and text from events or APIs are different spans, so each renderer can
// make the second inert in its own syntax; commands are words (shell.ts), never strings.
import { isObject } from "../core/object.ts";
import { commandLine, placeholdersOf, type Command, type Placeholder } from "./shell.ts";

export type Span =
  /** Prose the tool writes. */
  | { kind: "text"; text: string }
  /** Inline code the tool writes. */
  | { kind: "code"; text: string }
  | { kind: "strong"; text: string }
  /** Text from an event or an API; `code` shows it as inline code. */
  | { kind: "value"; text: string; code: boolean }
  /** One of the tool's own references (GitHub issues, AWS docs): the only live links. */
  | { kind: "link"; href: string; label: string };

export type Inline = Span[];

export type Block =
  | { kind: "paragraph"; spans: Inline }
  | { kind: "commands"; lang: "" | "sh"; commands: Command[] }
  | { kind: "list"; items: Inline[] }
  /** A labelled part ("What", "Fix"); consecutive sections read as one list. */
  | { kind: "section"; label: string; blocks: Block[] };

export interface Remediation {
  blocks: Block[];
}

type Piece = string | number | Span | Inline | null | undefined | false;

/** A value from an event or API, shown as inline code. */
export function code(text: string): Span {
  return { kind: "value", text, code: true };
}

/** A value from an event or API, in prose. */
export function value(text: string): Span {
  return { kind: "value", text, code: false };
}

/** A one-line command in prose, quoted like every command (shown inert, like a value). */
export function inlineCommand(c: Command): Span {
  return code(commandLine(c));
}

export function strong(text: string): Span {
  return { kind: "strong", text };
}

export function link(href: string, label: string): Span {
  return { kind: "link", href, label };
}

/** Tool text: `code` spans and **bold** in it are markup (it never holds event text). */
function toolText(literal: string): Inline {
  const out: Inline = [];
  for (const [i, part] of literal.split(/(`[^`]*`|\*\*[^*]+\*\*)/).entries()) {
    if (part === "") continue;
    if (i % 2 === 0) out.push({ kind: "text", text: part });
    else if (part.startsWith("`")) out.push({ kind: "code", text: part.slice(1, -1) });
    else out.push({ kind: "strong", text: part.slice(2, -2) });
  }
  return out;
}

function pieces(p: Piece): Inline {
  if (p === null || p === undefined || p === false || p === "") return [];
  if (typeof p === "number") return [{ kind: "text", text: String(p) }];
  if (typeof p === "string") return [value(p)];
  return Array.isArray(p) ? p : [p as Span];
}

/**
 * Inline text: the template's literal parts are tool text (with `code` and **bold** markup);
 * every interpolated string is a value from outside (inert wherever it is rendered); spans
 * and inline arrays are inserted as they are.
 */
export function md(literals: TemplateStringsArray, ...parts: Piece[]): Inline {
  const out: Inline = [];
  literals.forEach((lit, i) => {
    out.push(...toolText(lit));
    if (i < parts.length) out.push(...pieces(parts[i]));
  });
  return out;
}

/** Inline parts one after another. */
export function cat(...parts: Inline[]): Inline {
  return parts.flat();
}

/** Tool text without interpolation. */
export function text(s: string): Inline {
  return toolText(s);
}

/** Inline parts joined by a tool-written separator. */
export function join(parts: ReadonlyArray<Inline | Span>, sep: string): Inline {
  const out: Inline = [];
  parts.forEach((p, i) => {
    if (i > 0 && sep !== "") out.push({ kind: "text", text: sep });
    out.push(...(Array.isArray(p) ? p : [p as Span]));
  });
  return out;
}

export function isEmpty(inline: Inline): boolean {
  return inline.every((s) => (s.kind === "link" ? s.label === "" : s.text === ""));
}

export function paragraph(...inline: Inline[]): Block {
  return { kind: "paragraph", spans: inline.flat() };
}

/** Commands for a labelled section (a plain fence) or a report paragraph (```sh). */
export function commands(lang: "" | "sh", ...cmds: Command[]): Block {
  return { kind: "commands", lang, commands: cmds };
}

export function list(items: Inline[]): Block {
  return { kind: "list", items };
}

type Content = Inline | Block | ReadonlyArray<Inline | Block | null | false> | null | undefined | false;

function isBlock(x: unknown): x is Block {
  return isObject(x) && "kind" in x &&
    ["paragraph", "commands", "list", "section"].includes((x as Block).kind);
}

const SPAN_KINDS = ["text", "code", "strong", "value", "link"];

function isInline(x: unknown): x is Inline {
  return Array.isArray(x) && x.every((s) => isObject(s) && SPAN_KINDS.includes((s as Span).kind));
}

/** Blocks from inline text (one paragraph), a block, or a mix of both. */
export function blocks(content: Content): Block[] {
  if (content === null || content === undefined || content === false) return [];
  if (isBlock(content)) return [content];
  if (isInline(content)) return isEmpty(content) ? [] : [paragraph(content)];
  return (content as ReadonlyArray<Inline | Block | null | false>).flatMap((c) => blocks(c));
}

/** A labelled section; null when it has nothing to say (the renderers skip it). */
export function section(label: string, content: Content): Block | null {
  const body = blocks(content);
  return body.length > 0 ? { kind: "section", label, blocks: body } : null;
}

/** A remediation of paragraphs (fleet checks): inline parts become paragraphs, blocks stay. */
export function paragraphs(...parts: Array<Inline | Block | Block[] | null | false>): Remediation {
  return remediation(...parts.map((p) => (p === null || p === false ? null : isBlock(p) ? p : isInline(p) ? (isEmpty(p) ? null : paragraph(p)) : p)));
}

function commandsIn(bs: readonly Block[]): Command[] {
  return bs.flatMap((b) => (b.kind === "commands" ? b.commands : b.kind === "section" ? commandsIn(b.blocks) : []));
}

/**
 * The remediation, with one line per value that a command could not use: which placeholder
 * stands in for what, and why (the rejected value is quoted inert).
 */
export function remediation(...parts: Array<Block | Block[] | null | undefined | false>): Remediation {
  const body = parts.flat().filter((b): b is Block => !!b);
  const seen = new Set<string>();
  const rejected: Placeholder[] = [];
  for (const p of commandsIn(body).flatMap(placeholdersOf)) {
    const key = `${p.placeholder}\u0000${p.rejected?.value}`;
    if (p.rejected && !seen.has(key)) {
      seen.add(key);
      rejected.push(p);
    }
  }
  if (rejected.length === 0) return { blocks: body };
  const lines = rejected.map((p) =>
    md`${{ kind: "code", text: p.placeholder }} stands in for "${value(p.rejected!.value)}", which is not a valid ${p.rejected!.what}: fill in the real one before running the commands.`,
  );
  const labelled = body.length > 0 && body.every((b) => b.kind === "section");
  const note = labelled ? [section("Placeholders", lines.map((l) => paragraph(l)))!] : lines.map((l) => paragraph(l));
  return { blocks: [...body, ...note] };
}
