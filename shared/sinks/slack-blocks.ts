// The remediation model as Slack mrkdwn section texts. Nothing is parsed back from Markdown:
// sections, paragraphs, lists and commands come from the model. All text is escaped and made
// inert (slack-text.ts); event values also go through `neutral`; only the tool's own https
// references become links.
import { neutral } from "../render/neutral.ts";
import type { Block, Inline, Remediation } from "../render/remediation.ts";
import { commandLine } from "../render/shell.ts";
import { safeCode, safeMrkdwn, truncate } from "./slack-text.ts";

/** Slack's limit for a section's text. */
export const SECTION_TEXT_MAX = 3000;

function linkText(href: string, label: string): string {
  const ok = /^https:\/\/[^\s<>|]+$/.test(href);
  return ok ? `<${href}|${safeMrkdwn(label).replace(/[|]/g, "/")}>` : safeMrkdwn(label);
}

export function inlineMrkdwn(spans: Inline): string {
  return spans
    .map((s) => {
      switch (s.kind) {
        case "text":
          return safeMrkdwn(s.text);
        case "code":
          return `\`${safeCode(s.text)}\``;
        case "strong":
          return `*${safeMrkdwn(s.text)}*`;
        case "link":
          return linkText(s.href, s.label);
        case "value": {
          const v = neutral(s.text);
          return s.code && v !== "" ? `\`${safeCode(v)}\`` : safeMrkdwn(v);
        }
      }
    })
    .join("");
}

/** Commands as code blocks that each fit a section. */
function codeChunks(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let cur: string[] = [];
  let size = 0;
  const flush = () => {
    if (cur.length > 0) chunks.push("```\n" + cur.join("\n") + "\n```");
    cur = [];
    size = 0;
  };
  for (const raw of lines) {
    const line = truncate(safeCode(raw), max - 10);
    if (size + line.length + 1 > max - 8) flush();
    cur.push(line);
    size += line.length + 1;
  }
  flush();
  return chunks;
}

/** Pieces of one block: prose lines and closed code blocks, each within `max`. */
function blockPieces(b: Block, max: number, indent: string): string[] {
  switch (b.kind) {
    case "paragraph":
      return [truncate(indent + inlineMrkdwn(b.spans), max)];
    case "commands":
      return codeChunks(b.commands.flatMap((c) => commandLine(c).split("\n")), max);
    case "list":
      return b.items.map((i) => truncate(`${indent}• ${inlineMrkdwn(i)}`, max));
    case "section": {
      const [first, ...rest] = b.blocks;
      const head = `• *${safeMrkdwn(b.label)}:*`;
      if (first?.kind !== "paragraph") return [head, ...b.blocks.flatMap((x) => blockPieces(x, max, "  "))];
      return [truncate(`${head} ${inlineMrkdwn(first.spans)}`, max), ...rest.flatMap((x) => blockPieces(x, max, "  "))];
    }
  }
}

/** The remediation as section texts, each within `max` characters. */
export function remediationSections(doc: Remediation, max = SECTION_TEXT_MAX): string[] {
  const pieces = doc.blocks.flatMap((b) => blockPieces(b, max, ""));
  const sections: string[] = [];
  let cur = "";
  for (const p of pieces) {
    if (cur !== "" && cur.length + 1 + p.length > max) {
      sections.push(cur);
      cur = "";
    }
    cur = cur === "" ? p : `${cur}\n${p}`;
  }
  if (cur !== "") sections.push(cur);
  return sections;
}
