// The Markdown subset remediation text uses (headings, paragraphs, "- " lists, ``` blocks,
// `code`, **bold**, backslash escapes; the same subset as shared/fleet/report/html-markdown.ts)
// laid out for a terminal. Every piece of text goes through inert(): no escape sequence of
// an event reaches the terminal, and colors come only from here.
import pc from "picocolors";
import { inert } from "./terminal-text.ts";

type Colors = ReturnType<typeof pc.createColors>;
const LINK = /^\[([^\]\n]{1,300})\]\((https?:\/\/[^\s)]{1,2000})\)/;
const ESCAPABLE = /[\\`*_[\]<>|~&()#+!{}.-]/;

function inline(text: string, c: Colors): string {
  let out = "";
  let plain = "";
  let strong = false;
  const flushPlain = (): void => {
    out += strong ? c.bold(inert(plain)) : inert(plain);
    plain = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    const next = text[i + 1] ?? "";
    if (ch === "\\" && ESCAPABLE.test(next)) {
      plain += next;
      i++;
    } else if (ch === "`" && text.indexOf("`", i + 1) > i) {
      const end = text.indexOf("`", i + 1);
      flushPlain();
      out += c.cyan(inert(text.slice(i + 1, end)));
      i = end;
    } else if (ch === "[" && LINK.test(text.slice(i))) {
      // [text](url): the text, then the address to copy (terminals differ on OSC 8 links).
      const m = LINK.exec(text.slice(i))!;
      flushPlain();
      out += `${inert(m[1]!)} ${c.dim(`<${inert(m[2]!)}>`)}`;
      i += m[0].length - 1;
    } else if (ch === "*" && next === "*") {
      flushPlain();
      strong = !strong;
      i++;
    } else plain += ch;
  }
  flushPlain();
  return out;
}

/** Wraps words to `width` columns after `indent` (code is never wrapped: it is copied). */
function wrap(words: string, indent: string, width: number, first = indent): string[] {
  const lines: string[] = [];
  let line = first;
  for (const w of words.split(" ").filter(Boolean)) {
    const visible = line.replace(/\u001b\[[0-9;]*m/g, "").length;
    if (visible + w.replace(/\u001b\[[0-9;]*m/g, "").length + 1 > width && line.trim() !== "") {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${w} `;
  }
  if (line.trim() !== "") lines.push(line.trimEnd());
  return lines;
}

/** Remediation Markdown as terminal lines, indented by `indent`. */
export function markdownToTerminal(markdown: string, opts: { color: boolean; indent?: string; width?: number }): string[] {
  const c = pc.createColors(opts.color);
  const indent = opts.indent ?? "";
  const width = opts.width ?? 100;
  const out: string[] = [];
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  let para: string[] = [];
  let inList = false;
  const flush = (): void => {
    if (para.length) out.push(...wrap(inline(para.join(" "), c), indent, width), "");
    else if (inList) out.push("");
    para = [];
    inList = false;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fence = /^\s*(`{3,})/.exec(line)?.[1];
    if (fence) {
      flush();
      const closes = new RegExp(`^\\s*\`{${fence.length},}\\s*$`);
      for (i++; i < lines.length && !closes.test(lines[i] ?? ""); i++) out.push(`${indent}  ${c.cyan(inert(lines[i] ?? ""))}`);
      out.push("");
    } else if (line.trim() === "") flush();
    else if (/^#{1,6} /.test(line)) {
      flush();
      out.push(`${indent}${c.bold(c.underline(inline(line.replace(/^#+ /, ""), c)))}`, "");
    } else if (/^\s*(- |\d+\. )/.test(line)) {
      if (para.length) flush();
      inList = true;
      const depth = Math.min(3, Math.floor((/^\s*/.exec(line)?.[0].length ?? 0) / 2));
      const bullet = /^\s*\d+\. /.test(line) ? `${/\d+/.exec(line)![0]}.` : "•";
      const pad = `${indent}${"  ".repeat(depth)}`;
      out.push(...wrap(inline(line.replace(/^\s*(- |\d+\. )/, ""), c), `${pad}  `, width, `${pad}${bullet} `));
    } else {
      if (inList) flush();
      para.push(line.trim());
    }
  }
  flush();
  while (out.at(-1) === "") out.pop();
  return out;
}
