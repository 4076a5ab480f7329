/**
 * A prefilter on raw JSON Lines before JSON.parse: false (0) means no rule can match anything
 * the line holds, so it is counted as filtered and never parsed. Must be exact: it may only
 * drop lines that decode to no candidate event (property-tested). `batch` answers for many
 * lines of one buffer at once (one scan of the text instead of one per line).
 */
export interface LineFilter {
  (line: Buffer): boolean;
  /** Per line [starts[i], ends[i]) of `buf`: 1 to parse, 0 to pass over. */
  batch(buf: Buffer, starts: readonly number[], ends: readonly number[]): Uint8Array;
}
