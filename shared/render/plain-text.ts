// The remediation model as plain text, for the terminal (and any reader without Markdown):
// labels as "Label:", commands on their own lines indented for copying, code spans kept in
// backticks so values stay visibly delimited. Values are made inert (neutral.ts); the terminal
// report also replaces control characters of the tool's own text.
import { neutral } from "./neutral.ts";
import type { Block, Inline, Remediation } from "./remediation.ts";
import { commandLine } from "./shell.ts";

function inlineText(spans: Inline): string {
  return spans
    .map((s) => {
      if (s.kind === "link") return `${s.label} (${s.href})`;
      if (s.kind === "code") return `\`${s.text}\``;
      if (s.kind === "value") return s.code ? `\`${neutral(s.text)}\`` : neutral(s.text);
      return s.text;
    })
    .join("");
}

function blockLines(b: Block): string[] {
  switch (b.kind) {
    case "paragraph":
      return [inlineText(b.spans)];
    case "commands":
      return b.commands.flatMap((c) => commandLine(c).split("\n").map((l) => `    ${l}`));
    case "list":
      return b.items.map((i) => `  • ${inlineText(i)}`);
    case "section": {
      const inner = b.blocks.flatMap(blockLines);
      if (b.blocks[0]?.kind === "paragraph") return [`${b.label}: ${inner[0]}`, ...inner.slice(1).map((l) => `  ${l}`)];
      return [`${b.label}:`, ...inner.map((l) => `  ${l}`)];
    }
  }
}

export function toPlainText(doc: Remediation): string {
  const out: string[] = [];
  doc.blocks.forEach((b, i) => {
    if (i > 0 && !(b.kind === "section" && doc.blocks[i - 1]!.kind === "section")) out.push("");
    out.push(...blockLines(b));
  });
  return out.join("\n");
}
