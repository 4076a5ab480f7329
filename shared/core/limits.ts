// How much one alert keeps. A storm over thousands of nodes or sessions must not outgrow what a
// store can hold: a DynamoDB item is at most 400 KB, and a window that cannot be written loses
// every later event of its key. Counts of events stay exact.

/** Record ids kept per alert as samples (the alert JSON's "up to 5"). */
export const SAMPLE_LIMIT = 5;

/** Members a set fact keeps (first seen first). */
export const SET_LIMIT = 500;

/** The fact that lists which of a window's set facts lost members to the item size (shared/store/fit.ts). */
export const TRUNCATED_FACT = "truncatedFacts";

/** True when the window's set fact `name` lost members to the item size. */
export function factTruncated(facts: Readonly<Record<string, unknown>>, name: string): boolean {
  const t = facts[TRUNCATED_FACT];
  return Array.isArray(t) && t.includes(name);
}
