// The one-line summary on stderr, the "nothing was read" verdict, and the exit code.
import { atLeast, type Severity } from "../../shared/core/severity.ts";
import type { Collected } from "../../shared/stream/collector.ts";
import type { Alert } from "../../shared/types.ts";
import { EXIT_FAIL_ON, EXIT_NO_EVENTS, EXIT_OK, EXIT_USAGE } from "../io.ts";
import type { ReadTotals } from "./replay-read.ts";

export function summaryLine(t: ReadTotals, c: Collected, alerts: number, filteredOut: number): string {
  const rejected = t.rejections.reduce((n, r) => n + (r.records ?? 1), 0);
  const skipped = Object.entries(t.skippedBy).map(([why, n]) => `${why} ${n}`).join(", ");
  return (
    `files ${t.opened}, records ${t.records}, events ${c.events}, matched ${c.matched}, alerts ${alerts}, rejected ${rejected}` +
    (c.duplicates ? `, duplicates ${c.duplicates}` : "") +
    (c.implausible ? `, implausible ${c.implausible}` : "") +
    (t.skipped ? `, skipped ${t.skipped} (${skipped})` : "") +
    (c.outOfRange ? `, outside --since/--until ${c.outOfRange}` : "") +
    (filteredOut ? `, filtered out ${filteredOut}` : "") +
    (t.unreadable.length ? `, unreadable ${t.unreadable.length}` : "") +
    (t.filtered ? `, prefiltered ${t.filtered}` : "") +
    "\n"
  );
}

/**
 * Why the input yielded no events, or undefined when it yielded some. Records the prefilter
 * passed over unparsed are events (valid or not, no rule could match them), so they count.
 */
export function noEventsReason(t: ReadTotals, c: Collected): string | undefined {
  if (c.events > 0 || t.filtered > 0) return undefined;
  if (t.opened === 0) return "no input was read";
  if (t.records === 0) return `the input holds no records (${t.opened === 1 ? "an empty file" : `${t.opened} empty files`})`;
  if (c.outOfRange > 0) return `all ${c.outOfRange} events are outside --since/--until`;
  const rejected = t.rejections.reduce((n, r) => n + (r.records ?? 1), 0);
  const parts = [t.skipped ? `${t.skipped} skipped` : "", rejected ? `${rejected} rejected` : ""].filter(Boolean);
  return `none of the ${t.records} records is an event (${parts.join(", ")})`;
}

/** Unreadable input (2) wins over --fail-on (4), which wins over no events (3); else 0. */
export function exitCode(t: ReadTotals, noEvents: string | undefined, alerts: readonly Alert[], failOn: Severity | undefined): number {
  if (t.unreadable.length > 0) return EXIT_USAGE;
  if (failOn !== undefined && alerts.some((a) => atLeast(a.severity, failOn))) return EXIT_FAIL_ON;
  if (noEvents !== undefined) return EXIT_NO_EVENTS;
  return EXIT_OK;
}
