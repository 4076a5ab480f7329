import { partitionOf } from "../core/region.ts";
import { checked } from "../render/command-values.ts";
import {
  code,
  commands,
  join,
  link,
  md,
  remediation,
  section,
  text,
  value,
  type Block,
  type Inline,
  type Remediation,
  type Span,
} from "../render/remediation.ts";
import type { Command, Placeholder, Word } from "../render/shell.ts";
import type { FactValue, Facts, FoldedAlert } from "../types.ts";

export { cat, code, inlineCommand, join, md, text, value } from "../render/remediation.ts";
export { cmd, cont } from "../render/shell.ts";

// Helpers for `render`: read facts defensively (folded state may come from older versions
// that lacked a fact), and write the parts every alert shares (where, how often, command words).

export function str(facts: Facts, key: string): string | null {
  const v = facts[key];
  return typeof v === "string" && v !== "" ? v : null;
}

export function num(facts: Facts, key: string): number | null {
  const v = facts[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export function bool(facts: Facts, key: string): boolean | null {
  const v = facts[key];
  return typeof v === "boolean" ? v : null;
}

export function strs(facts: Facts, key: string): string[] {
  const v = facts[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return typeof v === "string" && v !== "" ? [v] : [];
}

export function counter(facts: Facts, key: string): Record<string, number> {
  const v: FactValue | undefined = facts[key];
  if (typeof v !== "object" || v === null || Array.isArray(v)) return {};
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v)) if (typeof n === "number") out[k] = n;
  return out;
}

/** Counter entries, largest first: "CreateNetworkInterface ×40, DescribeSubnets ×10". */
export function counterText(c: Record<string, number>, fmt: (k: string) => Span | Inline = code): Inline {
  const entries = Object.entries(c);
  if (entries.length === 1) return [fmt(entries[0]![0])].flat(); // the alert's count already says how many
  return join(
    entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => md`${fmt(k)} ×${n}`),
    ", ",
  );
}

/** "`a`, `b`, `c` +18 more". */
export function sampleText(items: readonly string[], max: number, total = items.length): Inline {
  const shown = join(items.slice(0, max).map(code), ", ");
  const more = total - Math.min(items.length, max);
  return more > 0 ? md`${shown} +${more} more` : shown;
}

function utc(ms: number): { day: string; time: string } {
  const iso = new Date(ms).toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** "600 times between 2024-05-27 02:00 and 02:40 UTC" / "once at 2024-05-27 02:00 UTC". */
export function howOften(alert: FoldedAlert): Inline {
  const a = utc(alert.firstSeenMs);
  const b = utc(alert.lastSeenMs);
  if (alert.count <= 1) return text(`once at ${a.day} ${a.time} UTC`);
  const end = a.day === b.day ? b.time : `${b.day} ${b.time}`;
  return text(`${alert.count} times between ${a.day} ${a.time} and ${end} UTC`);
}

/** "demo-cluster (us-west-2, 111122223333)" or "an unknown cluster (…)". */
export function where(alert: FoldedAlert): Inline {
  const ctx = [alert.region, alert.account].filter((x): x is string => x !== null);
  const name = alert.cluster ? [code(alert.cluster)] : text("an unknown cluster");
  return ctx.length > 0 ? md`${name} (${join(ctx.map(value), ", ")})` : name;
}

/** The alert's cluster as a command word, or `<cluster-name>` (with why, when the event's name is not one). */
export function clusterArg(alert: FoldedAlert): string | Placeholder {
  return checked("cluster", alert.cluster);
}

/** `--region us-west-2` when known, so commands run as printed. */
export function regionArg(alert: FoldedAlert): Word[] {
  return alert.region ? ["--region", checked("region", alert.region)] : [];
}

/** The ARN partition of the alert's region (`aws`, `aws-cn`, `aws-us-gov`), or `<partition>` when the region is unknown. */
export function partitionArg(alert: { region: string | null }): string | Placeholder {
  const region = checked("region", alert.region);
  return typeof region === "string" ? partitionOf(region) : { placeholder: "<partition>", rejected: null };
}

/** `arn:<partition>:iam::aws:policy/<name>`: an AWS managed policy in the alert's partition. */
export function managedPolicyArn(alert: { region: string | null }, name: string): Word {
  return ["arn:", partitionArg(alert), `:iam::aws:policy/${name}`];
}

/** The alert's account as a command word part, or `<account-id>`. */
export function accountArg(alert: FoldedAlert): string | Placeholder {
  return checked("account", alert.account);
}

/** Commands inside a labelled section (a plain fence). */
export function block(...cmds: Command[]): Block {
  return commands("", ...cmds);
}

/** The labelled sections of a rule's remediation, skipping empty ones. */
export function sections(parts: Array<[label: string, content: Parameters<typeof section>[1]]>): Remediation {
  return remediation(...parts.map(([label, content]) => section(label, content)));
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A GitHub issue/PR URL as a link "amazon-vpc-cni-k8s #3277"; other URLs as they are. */
export function ref(url: string): Span {
  const m = /^https:\/\/github\.com\/[^/]+\/([^/]+)\/(?:issues|pull)\/(\d+)/.exec(url);
  return link(url, m ? `${m[1]} #${m[2]}` : url);
}
