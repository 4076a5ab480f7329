// Remediation as HTML. Findings rendered in this process carry their remediation model
// (render/remediation.ts), which becomes HTML directly; a finding read back from report.json has
// only Markdown, and the Markdown subset remediation uses (paragraphs, "- " lists, ```sh blocks,
// `code`, **bold**, backslash escapes) is rendered by walking the text character by character
// and escaping each one, so no input can produce a tag of its own.
import { remediationOf } from "../../render/attached.ts";
import { neutral } from "../../render/neutral.ts";
import type { Block, Inline, Remediation } from "../../render/remediation.ts";
import { commandLine } from "../../render/shell.ts";
import type { Alert } from "../../types.ts";
import { esc, link } from "./html-escape.ts";

function spansHtml(spans: Inline): string {
  return spans
    .map((s) => {
      if (s.kind === "text") return esc(s.text);
      if (s.kind === "code") return `<code>${esc(s.text)}</code>`;
      if (s.kind === "strong") return `<strong>${esc(s.text)}</strong>`;
      if (s.kind === "link") return link(s.href, s.label);
      return s.code ? `<code>${esc(neutral(s.text))}</code>` : esc(neutral(s.text));
    })
    .join("");
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return `<p>${spansHtml(b.spans)}</p>`;
    case "commands":
      return `<pre><code>${esc(b.commands.map(commandLine).join("\n"))}</code></pre>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${spansHtml(i)}</li>`).join("")}</ul>`;
    case "section":
      return `<ul><li><strong>${esc(b.label)}:</strong> ${b.blocks.map(blockHtml).join("\n")}</li></ul>`;
  }
}

export function modelToHtml(doc: Remediation): string {
  return doc.blocks.map(blockHtml).join("\n");
}

/** A finding's remediation as HTML: from its model when it has one, else from its Markdown. */
export function remediationHtml(alert: Alert): string {
  const doc = remediationOf(alert, null);
  return doc ? modelToHtml(doc) : markdownToHtml(alert.remediation);
}

const ESCAPABLE = /[\\`*_[\]<>|~&()#+!{}.-]/;

export function inlineHtml(text: string): string {
  let out = "";
  let strong = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    const next = text[i + 1] ?? "";
    if (ch === "\\" && ESCAPABLE.test(next)) {
      out += esc(next);
      i++;
    } else if (ch === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) out += esc(ch);
      else {
        out += `<code>${esc(text.slice(i + 1, end))}</code>`;
        i = end;
      }
    } else if (ch === "*" && next === "*") {
      out += strong ? "</strong>" : "<strong>";
      strong = !strong;
      i++;
    } else out += esc(ch);
  }
  return strong ? `${out}</strong>` : out;
}

export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  let para: string[] = [];
  let list: string[] = [];
  const flush = (): void => {
    if (para.length) out.push(`<p>${inlineHtml(para.join(" "))}</p>`);
    if (list.length) out.push(`<ul>${list.map((l) => `<li>${inlineHtml(l)}</li>`).join("")}</ul>`);
    para = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (fence) {
      flush();
      // Closed by a line of at least as many backticks and nothing else (CommonMark).
      const closes = new RegExp(`^\`{${fence.length},}\\s*$`);
      const code: string[] = [];
      for (i++; i < lines.length && !closes.test(lines[i] ?? ""); i++) code.push(lines[i] ?? "");
      out.push(`<pre><code>${esc(code.join("\n"))}</code></pre>`);
    } else if (line.trim() === "") flush();
    else if (/^\s*- /.test(line)) {
      if (para.length) flush();
      list.push(line.replace(/^\s*- /, ""));
    } else {
      if (list.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  return out.join("\n");
}
