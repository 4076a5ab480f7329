// The rules' remediation markdown turned into Slack mrkdwn sections. The markdown is written by
// the rules but carries event data (cluster, user and role names) interpolated anywhere, so all
// of it is treated as untrusted: prose is escaped, defanged and stripped of formatting markers;
// inline code and fenced blocks keep their code styling with escaped, defanged contents.
// Only two shapes the rules emit are kept as formatting: `- ` bullets and `**Label:**` labels.

import { safeCode, safeMrkdwn, truncate } from "./slack-text.ts";

/** Slack's limit for a section's text. */
export const SECTION_TEXT_MAX = 3000;

type Unit = { kind: "prose"; text: string } | { kind: "code"; lines: string[] };

function splitUnits(markdown: string): Unit[] {
  const units: Unit[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^(\s*)```/.exec(line);
    if (!fence) {
      if (line.trim() !== "") units.push({ kind: "prose", text: line });
      continue;
    }
    const indent = fence[1]!.length;
    const code: string[] = [];
    for (i++; i < lines.length && !/^\s*```/.test(lines[i]!); i++) {
      const l = lines[i]!;
      code.push(l.slice(0, indent).trim() === "" ? l.slice(indent) : l);
    }
    units.push({ kind: "code", lines: code });
  }
  return units;
}

const LABEL = /^(\s*)- \*\*([A-Za-z][A-Za-z0-9 ()/,'-]{0,40}):\*\*\s?/;

/** One prose line: bullet and label kept, inline code spans kept as code, the rest inert. */
export function proseLine(line: string): string {
  let head = "";
  let rest = line;
  const label = LABEL.exec(line);
  if (label) {
    head = `${label[1]}• *${label[2]}:* `;
    rest = line.slice(label[0].length);
  } else {
    const bullet = /^(\s*)[-*] /.exec(line);
    if (bullet) {
      head = `${bullet[1]}• `;
      rest = line.slice(bullet[0].length);
    }
  }
  rest = rest.replace(/\*\*/g, "");
  const parts = rest.split("`");
  // Odd-indexed parts sit between backtick pairs; an unpaired last backtick stays prose.
  const out = parts.map((p, i) => {
    const paired = i % 2 === 1 && i < parts.length - (parts.length % 2 === 0 ? 1 : 0);
    return paired && p !== "" ? `\`${safeCode(p)}\`` : safeMrkdwn(i % 2 === 1 && !paired ? `\`${p}` : p);
  });
  return head + out.join("");
}

/** Fenced code, split into blocks that each fit a section. */
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

/** The remediation as section texts, each within `max` characters. */
export function remediationSections(markdown: string, max = SECTION_TEXT_MAX): string[] {
  const pieces: string[] = [];
  for (const u of splitUnits(markdown)) {
    if (u.kind === "code") pieces.push(...codeChunks(u.lines, max));
    else pieces.push(truncate(proseLine(u.text), max));
  }
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
