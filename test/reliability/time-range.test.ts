// Regression: times that JSON can carry but a Date cannot hold, and years before 100.
import { describe, expect, it } from "vitest";
import { parseRfc3339 } from "../../shared/sources/time.ts";
import { cwlPayload, runFile, seeds } from "./harness.ts";

describe("log event timestamps outside a Date's range", () => {
  // Before the fix a record without its own times took the log event's timestamp, and
  // toAlert's toISOString threw a RangeError out of the pipeline (CLI exit 1, Lambda retry loop).
  it.each(["1e400", "-1e400", "1e20", "-8.64000000000001e15"])("timestamp %s is rejected; the good record beside it still alerts", async (ts) => {
    const { stageTimestamp: _s, requestReceivedTimestamp: _r, ...timeless } = seeds()["cninodes-forbidden"].record;
    const good = seeds()["cninodes-forbidden"].record;
    const text = JSON.stringify(cwlPayload([timeless, good])).replace('"timestamp":1716797730000', `"timestamp":${ts}`);
    const r = await runFile(text);
    expect(r.rejections.map((x) => [x.origin.position, x.reason])).toEqual([
      ["logEvent 1", `timestamp is not a time in epoch milliseconds: ${Number(ts)}`],
    ]);
    expect(r.alerts.map((a) => [a.rule, a.count, a.firstSeen])).toEqual([["cninodes-forbidden", 1, "2024-05-27T08:15:30.413Z"]]);
  });

  it("the extremes a Date can hold are kept", async () => {
    const { stageTimestamp: _s, requestReceivedTimestamp: _r, ...timeless } = seeds()["cninodes-forbidden"].record;
    const text = JSON.stringify(cwlPayload([timeless])).replace('"timestamp":1716797730000', '"timestamp":8.64e15');
    const r = await runFile(text);
    expect(r.rejections).toEqual([]);
    expect(r.alerts.map((a) => a.firstSeen)).toEqual(["+275760-09-13T00:00:00.000Z"]);
  });
});

describe("RFC 3339 years before 100", () => {
  // Date.UTC reads years 0–99 as 1900–1999: "0050-…" was silently taken as 1950.
  it.each(["0000-01-01T00:00:00Z", "0050-06-15T12:00:00.250Z", "0099-12-31T23:59:59Z", "0100-01-01T00:00:00Z", "1970-01-01T00:00:00Z"])(
    "%s keeps its year",
    (text) => {
      const ms = parseRfc3339(text);
      // Date.parse reads the ISO form with a four-digit year exactly; it is the oracle here.
      expect(ms).toBe(Date.parse(text));
      expect(new Date(ms!).toISOString().slice(0, 4)).toBe(text.slice(0, 4));
    },
  );

  it("day checks still hold in early years", () => {
    expect(parseRfc3339("0004-02-29T00:00:00Z")).toBe(Date.parse("0004-02-29T00:00:00Z"));
    expect(parseRfc3339("0003-02-29T00:00:00Z")).toBeUndefined();
  });
});
