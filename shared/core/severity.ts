// The severity scale, worst first: the one order every rule, store, sink, report and CLI uses.

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 for critical … 4 for info: lower is worse. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Negative when `a` is worse than `b`: sorts worst first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

export function worseSeverity(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) <= 0 ? a : b;
}

/** True when `s` is `min` or worse (what a sink or `--min-severity` takes). */
export function atLeast(s: Severity, min: Severity): boolean {
  return compareSeverity(s, min) <= 0;
}

/** The severity this text names exactly, else undefined (callers word their own error). */
export function parseSeverity(text: string): Severity | undefined {
  return (SEVERITIES as readonly string[]).includes(text) ? (text as Severity) : undefined;
}
