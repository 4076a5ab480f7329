// The remediation model as text for a reader without Markdown: the terminal report (in color
// or not, cli/terminal-text.ts) and the e-mail body (sinks/sns-email.ts). Labelled sections are
// "• Label: …" items with their blocks indented under them, lists are "•" items, commands sit
// on their own lines indented for copying (never wrapped), links are "label <address>".
// Values are made inert (neutral.ts); `paint.clean` then runs on every piece of text, the
// tool's own included, before any style is added (the terminal strips control characters).
import { neutral } from "./neutral.ts";
import type { Block, Inline, Remediation } from "./remediation.ts";
import { commandLine } from "./shell.ts";

export interface TextPaint {
  /** Every piece of text, before styling. */
  clean(s: string): string;
  /** A section's "Label:". */
  label(s: string): string;
  strong(s: string): string;
  /** Inline code and values shown as code. */
  code(s: string): string;
  /** A command line. */
  command(s: string): string;
  /** A link's address. */
  href(s: string): string;
}

const same = (s: string): string => s;

/** No styles: code spans keep their backticks, so values stay visibly delimited. */
export const PLAIN: TextPaint = { clean: same, label: same, strong: same, code: (s) => `\`${s}\``, command: same, href: (s) => `<${s}>` };

export interface TextOptions {
  paint?: TextPaint;
  /** Prefix of every line. */
  indent?: string;
  /** Prose is wrapped to this many columns (default: not wrapped). */
  width?: number;
}

/** Stands for a space inside code while prose is wrapped: code is copied, so it is not broken. */
const KEEP = "\u0000";
const kept = (s: string): string => s.replace(/ /g, KEEP);

function inline(spans: Inline, p: TextPaint): string {
  return spans
    .map((s) => {
      switch (s.kind) {
        case "text":
          return p.clean(s.text);
        case "code":
          return p.code(kept(p.clean(s.text)));
        case "strong":
          return p.strong(p.clean(s.text));
        case "link":
          return s.label === s.href ? p.href(p.clean(s.href)) : `${p.clean(s.label)} ${p.href(p.clean(s.href))}`;
        case "value":
          return s.code ? p.code(kept(p.clean(neutral(s.text)))) : p.clean(neutral(s.text));
      }
    })
    .join("");
}

const visibleLength = (s: string): number => s.replace(/\u001b\[[0-9;]*m/g, "").length;

/** Words after `first` (then `indent`), wrapped to `width` visible columns. */
function wrap(words: string, first: string, indent: string, width: number): string[] {
  return layout(words, first, indent, width).map((l) => l.replaceAll(KEEP, " "));
}

function layout(words: string, first: string, indent: string, width: number): string[] {
  if (!Number.isFinite(width)) return [`${first}${words}`.trimEnd()];
  const lines: string[] = [];
  let line = first;
  for (const w of words.split(" ").filter(Boolean)) {
    if (line.trim() !== "" && visibleLength(line) + visibleLength(w) + 1 > width) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${w} `;
  }
  if (line.trim() !== "") lines.push(line.trimEnd());
  return lines;
}

interface Ctx {
  p: TextPaint;
  width: number;
}

function blockLines(b: Block, indent: string, x: Ctx): string[] {
  switch (b.kind) {
    case "paragraph":
      return wrap(inline(b.spans, x.p), indent, indent, x.width);
    case "commands":
      return b.commands.flatMap((c) => commandLine(c).split("\n").map((l) => `${indent}  ${x.p.command(x.p.clean(l))}`));
    case "list":
      return b.items.flatMap((i) => wrap(inline(i, x.p), `${indent}• `, `${indent}  `, x.width));
    case "section": {
      const label = x.p.label(`${x.p.clean(b.label)}:`);
      const [head, ...rest] = b.blocks;
      const under = `${indent}  `;
      const first = head?.kind === "paragraph"
        ? wrap(`${label} ${inline(head.spans, x.p)}`, `${indent}• `, under, x.width)
        : [`${indent}• ${label}`, ...(head ? blockLines(head, under, x) : [])];
      return [...first, ...rest.flatMap((r) => blockLines(r, under, x))];
    }
  }
}

/** The remediation as lines; consecutive sections read as one list, other blocks are set apart. */
export function toTextLines(doc: Remediation, opts: TextOptions = {}): string[] {
  const x: Ctx = { p: opts.paint ?? PLAIN, width: opts.width ?? Number.POSITIVE_INFINITY };
  const out: string[] = [];
  doc.blocks.forEach((b, i) => {
    if (i > 0 && !(b.kind === "section" && doc.blocks[i - 1]!.kind === "section")) out.push("");
    out.push(...blockLines(b, opts.indent ?? "", x));
  });
  return out;
}

export function toText(doc: Remediation, opts: TextOptions = {}): string {
  return toTextLines(doc, opts).join("\n");
}
