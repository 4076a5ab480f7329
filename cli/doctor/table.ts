// The doctor's result as a table (or JSON): one row per check and target, PASS / FAIL / SKIP.
// Names come from the account (log groups, rules, trails): shown inert, never as terminal codes.
import { inert } from "../terminal-text.ts";
import type { CheckRow } from "./checks.ts";

const mark = (ok: boolean | null): string => (ok === true ? "PASS" : ok === false ? "FAIL" : "SKIP");

export function doctorTable(rows: readonly CheckRow[]): string {
  const cells = rows.map((r) => [mark(r.ok), r.check, inert(r.target), inert(r.detail)]);
  const head = ["RESULT", "CHECK", "TARGET", "DETAIL"];
  const width = [0, 1, 2].map((i) => Math.max(head[i]!.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => [...c.slice(0, 3).map((x, i) => x.padEnd(width[i]!)), c[3]].join("  ").trimEnd();
  const failed = rows.filter((r) => r.ok === false).length;
  const passed = rows.filter((r) => r.ok === true).length;
  const summary = `${passed} passed, ${failed} failed, ${rows.length - passed - failed} skipped`;
  return `${[line(head), ...cells.map(line)].join("\n")}\n\n${summary}\n`;
}

export function doctorJson(rows: readonly CheckRow[]): string {
  return `${JSON.stringify({ ok: rows.every((r) => r.ok !== false), checks: rows.map((r) => ({ ...r, result: mark(r.ok) })) }, null, 2)}\n`;
}
