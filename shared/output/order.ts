import { compareSeverity } from "../core/severity.ts";
import type { Alert } from "../types.ts";

/** Worst first; within a severity, the larger storm first, then time order. */
export function worstFirst(a: Alert, b: Alert): number {
  return compareSeverity(a.severity, b.severity) || b.count - a.count || a.firstSeen.localeCompare(b.firstSeen);
}
