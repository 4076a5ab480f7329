// The remediation model as Markdown: the alert JSON's `remediation` (README "Alert JSON") and
// the fleet report. Labelled sections are a `- **Label:**` list with their blocks indented
// under the item; other blocks are paragraphs. Values are escaped, so they add no Markdown.
import { neutral } from "./neutral.ts";
import type { Block, Inline, Remediation } from "./remediation.ts";
import { commandLine } from "./shell.ts";

/** Markdown and HTML syntax characters escaped: a value adds no link, emphasis or tag. */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_[\]<>|~&]/g, "\\$&");
}

export function inlineMarkdown(spans: Inline): string {
  return spans
    .map((s) => {
      switch (s.kind) {
        case "text":
          return s.text;
        case "code":
          return `\`${s.text}\``;
        case "strong":
          return `**${s.text}**`;
        case "link":
          return s.label === s.href ? s.href : `[${s.label}](${s.href})`;
        case "value":
          return s.code ? `\`${neutral(s.text)}\`` : mdEscape(neutral(s.text));
      }
    })
    .join("");
}

/** A fence longer than any backtick run inside (CommonMark). */
function fenced(lang: string, lines: string[]): string {
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...lines, fence].join("\n");
}

function blockMarkdown(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return inlineMarkdown(b.spans);
    case "commands":
      return fenced(b.lang, b.commands.map(commandLine));
    case "list":
      return b.items.map((i) => `- ${inlineMarkdown(i)}`).join("\n");
    case "section": {
      const [first, ...rest] = b.blocks.map(blockMarkdown);
      const inlineFirst = b.blocks[0]?.kind === "paragraph";
      // Continuation lines are indented to stay inside their list item.
      const body = [first, ...rest].join("\n").split("\n").join("\n  ");
      return `- **${b.label}:**${inlineFirst ? " " : "\n  "}${body}`;
    }
  }
}

export function toMarkdown(doc: Remediation): string {
  let out = "";
  doc.blocks.forEach((b, i) => {
    if (i > 0) out += b.kind === "section" && doc.blocks[i - 1]!.kind === "section" ? "\n" : "\n\n";
    out += blockMarkdown(b);
  });
  return out;
}
