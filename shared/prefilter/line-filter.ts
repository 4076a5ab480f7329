/**
 * A prefilter on one raw JSON Lines line before JSON.parse: false means no rule can match
 * anything the line holds, so it is counted as filtered and never parsed. Must be exact: it
 * may only drop lines that would decode to no candidate event (property-tested).
 */
export type LineFilter = (line: Buffer) => boolean;
