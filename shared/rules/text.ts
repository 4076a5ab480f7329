import type { FactValue, Facts, FoldedAlert } from "../types.ts";

// Helpers for `render`: read facts defensively (folded state may come from older versions
// that lacked a fact), and write the parts every alert shares (where, how often, commands).

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
export function counterText(c: Record<string, number>, fmt: (k: string) => string = code): string {
  const entries = Object.entries(c);
  if (entries.length === 1) return fmt(entries[0]![0]); // the alert's count already says how many
  return entries
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${fmt(k)} ×${n}`)
    .join(", ");
}

export function code(s: string): string {
  return `\`${s}\``;
}

/** "`a`, `b`, `c` +18 more". */
export function sampleText(items: readonly string[], max: number, total = items.length): string {
  const shown = items.slice(0, max).map(code).join(", ");
  const more = total - Math.min(items.length, max);
  return more > 0 ? `${shown} +${more} more` : shown;
}

function utc(ms: number): { day: string; time: string } {
  const iso = new Date(ms).toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** "600 times between 2024-05-27 02:00 and 02:40 UTC" / "once at 2024-05-27 02:00 UTC". */
export function howOften(alert: FoldedAlert): string {
  const a = utc(alert.firstSeenMs);
  const b = utc(alert.lastSeenMs);
  if (alert.count <= 1) return `once at ${a.day} ${a.time} UTC`;
  const end = a.day === b.day ? b.time : `${b.day} ${b.time}`;
  return `${alert.count} times between ${a.day} ${a.time} and ${end} UTC`;
}

/** "demo-cluster (us-west-2, 111122223333)" or "an unknown cluster (…)". */
export function where(alert: FoldedAlert): string {
  const ctx = [alert.region, alert.account].filter((x): x is string => x !== null).join(", ");
  const name = alert.cluster ? code(alert.cluster) : "an unknown cluster";
  return ctx ? `${name} (${ctx})` : name;
}

export function clusterArg(alert: FoldedAlert): string {
  return alert.cluster ?? "<cluster>";
}

/** ` --region us-west-2` when known, so commands run as printed. */
export function regionArg(alert: FoldedAlert): string {
  return alert.region ? ` --region ${alert.region}` : "";
}

export function block(...commands: string[]): string {
  return ["```", ...commands, "```"].join("\n");
}

/** A markdown list of labelled sections, skipping empty ones. */
export function sections(parts: Array<[label: string, text: string | null | undefined | false]>): string {
  return parts
    .filter((p): p is [string, string] => typeof p[1] === "string" && p[1] !== "")
    // Continuation lines (code blocks) are indented to stay inside their list item.
    .map(([label, text]) => {
      const body = text.replace(/^\n/, "").split("\n").join("\n  ");
      return `- **${label}:**${text.startsWith("```") || text.startsWith("\n") ? "\n  " : " "}${body}`;
    })
    .join("\n");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A GitHub issue/PR URL as "[amazon-vpc-cni-k8s #3277](url)"; other URLs as they are. */
export function ref(url: string): string {
  const m = /^https:\/\/github\.com\/[^/]+\/([^/]+)\/(?:issues|pull)\/(\d+)/.exec(url);
  return m ? `[${m[1]} #${m[2]}](${url})` : url;
}
