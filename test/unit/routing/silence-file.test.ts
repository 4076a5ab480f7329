import { describe, expect, it } from "vitest";
import { parseSilences } from "../../../shared/routing/silences.ts";

describe("--silences files", () => {
  it("read what `silence list --json` prints (its extra fields are ignored) and take any `until` as written", () => {
    const listed = [
      {
        id: "s-1", match: { rule: "cninodes-forbidden" }, until: "2020-01-01T00:00:00Z", reason: "old", createdBy: "alice", createdAt: "2019-01-01T00:00:00Z",
        expiredBy: "bob", expiredAt: "2019-06-01T00:00:00Z", summarizedTo: ["slack"], active: false, heldBack: { events: 3 },
      },
    ];
    const [s] = parseSilences(listed, "s.json");
    expect(s).toEqual({ id: "s-1", match: { rule: "cninodes-forbidden" }, until: "2020-01-01T00:00:00.000Z", reason: "old", createdBy: "alice", createdAt: "2019-01-01T00:00:00Z" });
  });

  it("still refuses unknown keys and duplicate ids", () => {
    const one = { id: "s-1", match: { rule: "x" }, until: "2030-01-01T00:00:00Z", reason: "r", createdBy: "a", createdAt: "2029-01-01T00:00:00Z" };
    expect(() => parseSilences([{ ...one, untill: "x" }], "s.json")).toThrow(/unknown key "untill"/);
    expect(() => parseSilences([one, one], "s.json")).toThrow(/appears twice/);
  });
});
