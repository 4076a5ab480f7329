import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../shared/errors.ts";
import {
  applySilences,
  heldBackSummary,
  parseSilence,
  parseSilences,
  type Silence,
  type SilenceSubject,
} from "../../../shared/routing/silences.ts";

const T0 = Date.parse("2026-12-01T00:00:00Z");
const HOUR = 3_600_000;

const finding = (over: Partial<SilenceSubject> = {}): SilenceSubject => ({
  rule: "cninodes-forbidden",
  severity: "high",
  cluster: "orders-prod",
  account: "111122223333",
  region: "eu-west-1",
  dedupKey: "111122223333|eu-west-1|cninodes-forbidden|orders-prod",
  actor: "eks:vpc-resource-controller",
  timeMs: T0,
  ...over,
});

const silence = (over: Partial<Silence> = {}): Silence => ({
  id: "s-1",
  match: { rule: "cninodes-forbidden", cluster: "*-prod" },
  until: new Date(T0 + 24 * HOUR).toISOString(),
  reason: "EKS platform fix rolling out (#2926)",
  createdBy: "alice@example.com",
  createdAt: new Date(T0 - HOUR).toISOString(),
  ...over,
});

describe("parseSilence", () => {
  const raw = { id: "s-1", match: { rule: "cninodes-forbidden" }, until: "2026-12-05T00:00:00Z", reason: "known", createdBy: "alice" };

  it("reads a new silence, stamping its creation time", () => {
    expect(parseSilence(raw, "silence", T0)).toEqual({
      id: "s-1",
      match: { rule: "cninodes-forbidden" },
      until: "2026-12-05T00:00:00.000Z",
      reason: "known",
      createdBy: "alice",
      createdAt: "2026-12-01T00:00:00.000Z",
    });
  });

  it("requires an end no more than 90 days after creation, in the future", () => {
    expect(() => parseSilence({ ...raw, until: "2027-03-02T00:00:01Z" }, "silence", T0)).toThrow(/more than 90 days/);
    expect(() => parseSilence({ ...raw, until: "2026-11-30T00:00:00Z" }, "silence", T0)).toThrow(/in the future/);
    expect(() => parseSilence({ ...raw, until: undefined }, "silence", T0)).toThrow(/"until" must be a non-empty string/);
    expect(parseSilence({ ...raw, until: "2027-03-01T00:00:00Z" }, "silence", T0).until).toBe("2027-03-01T00:00:00.000Z");
  });

  it("takes a stored or file silence as written (the 90-day limit applies when one is created)", () => {
    const old = { ...raw, until: "2020-01-01T00:00:00Z", createdAt: "2019-12-01T00:00:00Z" };
    expect(parseSilence(old, "silences.json [0]").until).toBe("2020-01-01T00:00:00.000Z");
    expect(() => parseSilence(raw, "silences.json [0]")).toThrow(/"createdAt" must be a non-empty string/);
  });

  it("refuses unknown keys, empty matches and bad severities, naming where", () => {
    const e = (v: unknown) => {
      try {
        parseSilence(v, "silences.json [2]", T0);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error("accepted");
    };
    expect(e({ ...raw, mute: true })).toBe('silences.json [2]: unknown key "mute"');
    expect(e({ ...raw, match: {} })).toMatch(/names nothing/);
    expect(e({ ...raw, match: { severity: "high" } })).toMatch(/unknown match key "severity"/);
    expect(e({ ...raw, maxSeverity: "urgent" })).toMatch(/"maxSeverity" must be one of critical, high, medium, low, info/);
    expect(e({ ...raw, until: "next tuesday" })).toMatch(/not an ISO-8601 time/);
  });

  it("reads a file's array and refuses a repeated id", () => {
    const s = { ...raw, createdAt: "2026-11-30T00:00:00Z" };
    expect(parseSilences([s], "f.json")).toHaveLength(1);
    expect(() => parseSilences([s, s], "f.json")).toThrow(/id "s-1" appears twice/);
    expect(() => parseSilences({}, "f.json")).toThrow(/expected a JSON array/);
  });
});

describe("applySilences", () => {
  it("holds back matching findings before the silence ends and counts them", () => {
    const fs = [
      finding(),
      finding({ timeMs: T0 + HOUR }),
      finding({ cluster: "payments-prod", dedupKey: "k2", timeMs: T0 + 2 * HOUR }),
      finding({ cluster: "orders-dev", dedupKey: "k3" }), // glob does not match
      finding({ timeMs: T0 + 24 * HOUR }), // at the end: no longer silenced
    ];
    const { pass, held } = applySilences([silence()], fs);
    expect(pass).toEqual([fs[3], fs[4]]);
    expect(held.get("s-1")).toEqual({
      silenceId: "s-1",
      events: 3,
      keys: ["111122223333|eu-west-1|cninodes-forbidden|orders-prod", "k2"],
      worstSeverity: "high",
      firstSeverity: "high",
    });
  });

  it("lets a finding worse than the silence's limit break through", () => {
    const { pass, held } = applySilences(
      [silence({ maxSeverity: "medium" })],
      [finding({ severity: "medium" }), finding({ severity: "high", timeMs: T0 + 1 }), finding({ severity: "low", timeMs: T0 + 2 })],
    );
    expect(pass.map((f) => f.severity)).toEqual(["high"]);
    expect(held.get("s-1")!.events).toBe(2);
  });

  it("without maxSeverity, the first held-back severity is the limit: a later rise breaks through", () => {
    const fs = [
      finding({ severity: "critical", timeMs: T0 + 2 * HOUR }),
      finding({ severity: "medium", timeMs: T0 }),
      finding({ severity: "medium", timeMs: T0 + HOUR }),
    ];
    const { pass, held } = applySilences([silence()], fs);
    expect(pass).toEqual([fs[0]]);
    expect(held.get("s-1")).toMatchObject({ events: 2, worstSeverity: "medium", firstSeverity: "medium" });
  });

  it("matches by principal, account, region and dedup key exactly", () => {
    const s = silence({ match: { principal: "arn:aws:iam::111122223333:role/karpenter", account: "111122223333" } });
    const { pass, held } = applySilences(
      [s],
      [finding({ actor: "arn:aws:iam::111122223333:role/karpenter" }), finding({ actor: "arn:aws:iam::111122223333:role/karpenter2" })],
    );
    expect(pass).toHaveLength(1);
    expect(held.get("s-1")!.events).toBe(1);
    expect(applySilences([silence({ match: { dedupKey: "k9" } })], [finding()]).pass).toHaveLength(1);
    expect(applySilences([silence({ match: { region: "us-east-1" } })], [finding()]).pass).toHaveLength(1);
  });

  it("gives the same split whatever the order of the findings", () => {
    const sev = fc.constantFrom("critical", "high", "medium", "low", "info") as fc.Arbitrary<SilenceSubject["severity"]>;
    const f = fc.record({ severity: sev, t: fc.integer({ min: 0, max: 48 }), c: fc.constantFrom("a-prod", "b-prod", "dev") });
    fc.assert(
      fc.property(fc.array(f, { maxLength: 30 }), fc.boolean(), (items, limited) => {
        const fs = items.map((x, i) =>
          finding({ severity: x.severity, timeMs: T0 + x.t * HOUR, cluster: x.c, dedupKey: `${x.c}#${i}` }),
        );
        const s = [silence(limited ? { maxSeverity: "medium" } : {})];
        const a = applySilences(s, fs);
        const b = applySilences(s, [...fs].reverse());
        const key = (x: SilenceSubject) => x.dedupKey;
        expect(b.pass.map(key).sort()).toEqual(a.pass.map(key).sort());
        expect(b.held).toEqual(a.held);
        expect(a.pass.length + (a.held.get("s-1")?.events ?? 0)).toBe(fs.length); // nothing lost
      }),
      { numRuns: 300 },
    );
  });

  it("says what a silence held back when it ends", () => {
    const s = silence();
    expect(heldBackSummary(s, undefined)).toBe("silence s-1 (EKS platform fix rolling out (#2926)) held back nothing");
    const { held } = applySilences([s], [finding(), finding({ dedupKey: "k2", severity: "medium", timeMs: T0 + 5 })]);
    expect(heldBackSummary(s, held.get("s-1"))).toBe(
      "silence s-1 (EKS platform fix rolling out (#2926), by alice@example.com) held back 2 events in 2 keys, worst high",
    );
  });
});
