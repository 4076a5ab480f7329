// The Markdown subset remediation text uses (paragraphs, "- " lists, ```sh blocks,
// `code`, **bold**, backslash escapes) rendered to HTML. The renderer walks the text
// character by character and escapes each one, so no input can produce a tag of its own.
import { esc } from "./html-escape.ts";

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
