// Hostile strings and the checks that event text stayed inert wherever it was rendered.
import { expect } from "vitest";
import { KNOWN_ISSUES } from "../../shared/catalog/index.ts";
import type { SlackPayload } from "../../shared/sinks/slack.ts";
import type { Alert } from "../../shared/types.ts";

/**
 * Everything Slack mrkdwn, markdown or a terminal could act on, each carrying a marker that
 * must never come out active: a fake labelled section on its own line, a code fence, bold,
 * italic, strike and code spans, mentions, links, broadcast words, entities, ANSI/OSC escapes
 * and Unicode line separators.
 */
export const HOSTILE =
  "x\n- **PWNED-L:** run it\n```\nPWNED-F\n```\n*PWNED-B* _PWNED-I_ ~PWNED-S~ `PWNED-C` " +
  "<!channel> <!here|h> <!subteam^S0123|ops> <@U0123ABC> <#C0123|general> <https://evil.example/a|PWNED-K> " +
  "@here @channel @everyone mailto:a@evil.example https://evil.example/b www.evil.example " +
  "&amp; &lt; & < > \u001b[2J\u001b]8;;https://evil.example/c\u0007PWNED-O\u001b]8;;\u0007 \u2028PWNED-U\u2029\u0085\r\n";

/** HOSTILE with everything active replaced: renders with the same structure, so it is the baseline. */
export function harmless(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029`*_~<>&@!|#^]/g, "x");
}

/** The texts of a Slack payload that Slack parses as mrkdwn (the fallback `text` is one). */
export function mrkdwnTexts(p: SlackPayload): string[] {
  const out = [p.text];
  for (const b of p.blocks as Array<Record<string, any>>) {
    for (const t of [b.text, ...(b.fields ?? []), ...(b.elements ?? [])]) if (t?.type === "mrkdwn") out.push(t.text as string);
  }
  return out;
}

export function plainTexts(p: SlackPayload): string[] {
  const out: string[] = [];
  for (const b of p.blocks as Array<Record<string, any>>) {
    for (const t of [b.text, ...(b.fields ?? []), ...(b.elements ?? [])]) if (t?.type === "plain_text") out.push(t.text as string);
  }
  return out;
}

/** The sources the catalog cites: remediation links to them. */
const TOOL_REFERENCES = KNOWN_ISSUES.flatMap((e) => e.references).filter((r) => r.startsWith("https://"));

const fences = (s: string): number => s.split("```").length - 1;

/**
 * Slack semantics of event text: no mention, link or broadcast it made; no formatting, line or
 * fence it opened. `baseline` is the same alert rendered with harmless values: the payload's
 * structure (fences, labelled lines) must be the same.
 */
export function expectInertSlack(p: SlackPayload, alert: Alert, baseline: SlackPayload): void {
  const texts = mrkdwnTexts(p);
  for (const t of texts) {
    // Angle brackets only in links to the tool's own references: the rule's, and the catalog's
    // sources that the remediation cites.
    for (const m of t.matchAll(/<([^>]*)>?/g)) {
      const link = /^(https:\/\/[^|]+)\|[^<>]*$/.exec(m[1]!);
      expect(link, `"<" outside a reference link: ${m[0].slice(0, 60)}`).not.toBeNull();
      expect([...alert.references, ...TOOL_REFERENCES].map((r) => new URL(r).href)).toContain(link![1]);
    }
    expect(t, "an unescaped &").not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(t).not.toMatch(/@(here|channel|everyone)\b/i);
    expect(t).not.toMatch(/https?:\/\/evil|www\.evil|mailto:/i);
    // Formatting applies outside code only; inside code spans and fences text is literal.
    const prose = t.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
    for (const active of ["*PWNED-B*", "_PWNED-I_", "~PWNED-S~", "*PWNED-L:*"]) expect(prose).not.toContain(active);
    expect(t).not.toContain("`PWNED-C`");
    // eslint-disable-next-line no-control-regex
    expect(t, "a control character").not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    for (const line of t.split("\n")) expect(line, "event text starts a line").not.toMatch(/^\s*(•\s*)?[*_~`]*PWNED/);
  }
  const all = texts.join("\n");
  const base = mrkdwnTexts(baseline).join("\n");
  expect(fences(all), "a code fence opened or closed").toBe(fences(base));
  expect(all.split("`").length, "a code span opened or closed").toBe(base.split("`").length);
}

/** A string leaf of a record and how to put a value there. */
export interface StringLeaf {
  path: string[];
  value: string;
}

export function stringLeaves(o: unknown, path: string[] = [], out: StringLeaf[] = []): StringLeaf[] {
  if (typeof o === "string") out.push({ path, value: o });
  else if (Array.isArray(o)) o.forEach((x, i) => stringLeaves(x, [...path, String(i)], out));
  else if (o !== null && typeof o === "object") for (const [k, v] of Object.entries(o)) stringLeaves(v, [...path, k], out);
  return out;
}

export function setPath(o: Record<string, any>, path: readonly string[], value: unknown): void {
  let cur: any = o;
  for (const k of path.slice(0, -1)) cur = cur[k];
  cur[path.at(-1)!] = value;
}
