import { describe, expect, it } from "vitest";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { sourceSilenceFindings, sourceVerdict, type LogGroupActivity } from "../../../shared/blind-spots/source-silence.ts";
import { auditSourceSilent } from "../../../shared/rules/audit-source-silent.ts";
import { openAlert } from "../../../shared/store/fold.ts";

const MIN = 60_000;
const P = 5 * MIN;
const T0 = Date.parse("2026-12-03T10:00:00Z");
const Q = { quietMs: 30 * MIN };

/** Buckets of 5 minutes from T0; `pattern` has one character a bucket: "#" events, "." none. */
function activity(pattern: string, cluster = "orders-prod"): LogGroupActivity {
  const buckets = [...pattern].flatMap((c, i) => (c === "#" ? [{ startMs: T0 + i * P, events: 1200 }] : []));
  return { logGroup: `/aws/eks/${cluster}/cluster`, cluster, account: "111122223333", region: "eu-west-1", periodMs: P, buckets };
}
const at = (buckets: number) => T0 + buckets * P;

describe("sourceVerdict", () => {
  it("flowing while events keep arriving, idle with none at all", () => {
    expect(sourceVerdict(activity("############"), at(12), Q)).toEqual({ state: "flowing" });
    expect(sourceVerdict(activity("............"), at(12), Q)).toEqual({ state: "idle" });
    // Short gaps (under the quiet time) are not silence.
    expect(sourceVerdict(activity("###.....####"), at(12), Q)).toEqual({ state: "flowing" });
  });

  it("silent once the quiet time has passed since the last event's period ended", () => {
    expect(sourceVerdict(activity("######......"), at(12) - 1, Q)).toEqual({ state: "flowing" });
    expect(sourceVerdict(activity("######......"), at(12), Q)).toEqual({
      state: "silent",
      lastEventEndMs: at(6),
      silentFromMs: at(12),
    });
    // Still the same silence later: the same moment, so the same finding.
    expect(sourceVerdict(activity("######......"), at(40), Q)).toMatchObject({ state: "silent", silentFromMs: at(12) });
  });

  it("resumed after a gap of at least the quiet time that the history still shows", () => {
    expect(sourceVerdict(activity("###......###"), at(12), Q)).toEqual({
      state: "resumed",
      silentFromMs: at(3) + 30 * MIN,
      resumedAtMs: at(9),
      gapMs: 30 * MIN,
    });
  });

  it("ignores periods in the future of nowMs (clock skew between the sweep and CloudWatch)", () => {
    expect(sourceVerdict(activity("######.......#"), at(12), Q)).toMatchObject({ state: "silent" });
  });
});

describe("sourceSilenceFindings", () => {
  it("one finding per group that went silent or resumed, with record ids that name the moment", () => {
    const groups = [activity("############", "a"), activity("######......", "b"), activity("###......###", "c"), activity("", "d")];
    const fs = sourceSilenceFindings(groups, at(12), Q);
    expect(fs.map((f) => [f.cluster, f.severity, f.dedupKey, f.recordId, f.timeMs])).toEqual([
      ["b", "high", "111122223333|eu-west-1|audit-source-silent|b|silent", `111122223333|eu-west-1|audit-source-silent|b|silent|${at(12)}`, at(12)],
      ["c", "info", "111122223333|eu-west-1|audit-source-silent|c|resumed", `111122223333|eu-west-1|audit-source-silent|c|resumed|${at(9)}`, at(9)],
    ]);
    // The next sweep sees the same histories: the same findings, which the store counts once.
    expect(sourceSilenceFindings(groups, at(13), Q).map((f) => f.recordId)).toEqual(fs.map((f) => f.recordId));
    expect(fs[0]!.facts).toEqual({ state: "silent", logGroup: "/aws/eks/b/cluster", lastEventBefore: "2026-12-03T10:30:00.000Z", quietMinutes: 30 });
  });

  it("renders both states in the standard order, with the cluster's own commands", () => {
    const [silent, resumed] = sourceSilenceFindings([activity("######......", "b"), activity("###......###", "c")], at(12), Q);
    const s = auditSourceSilent.render(openAlert(silent!, 60 * MIN));
    expect(s.title).toBe("Audit log of b silent for 30+ minutes");
    expect(toMarkdown(s.remediation)).toContain("aws eks describe-cluster --name b --query 'cluster.[status,logging.clusterLogging]' --region eu-west-1");
    const r = auditSourceSilent.render(openAlert(resumed!, 60 * MIN));
    expect(r.title).toBe("Audit log of c flowing again after 30 minutes");
    expect(toMarkdown(r.remediation)).toContain("npx cni-auditor replay --log-group /aws/eks/c/cluster --since 2026-12-03T10:45:00.000Z --region eu-west-1");
    for (const text of [toMarkdown(s.remediation), toMarkdown(r.remediation)]) {
      const pos = ["What", "Impact", "Fix", "Check"].map((l) => text.indexOf(`**${l}`));
      expect(pos[0]).toBe(2);
      expect([...pos].sort((x, y) => x - y)).toEqual(pos);
    }
  });
});
