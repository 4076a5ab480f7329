// A record dated far in the future must not open a window that swallows later real events of
// its key: event time is bounded by the receive time (DESIGN.md "Windows and delivery").
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { MemoryStore } from "../../../shared/store/memory-store.ts";
import { ALLOWED_FUTURE_SKEW_MS, boundEventTimes, evaluate } from "../../../shared/pipeline.ts";
import type { K8sAuditRecord } from "../../../shared/types.ts";
import { auditEvent } from "../../helpers/events.ts";

const R = Date.parse("2026-05-01T10:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

function patch(id: string, at: string): K8sAuditRecord {
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    auditID: id,
    stage: "ResponseComplete",
    verb: "patch",
    requestURI: "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node",
    user: { username: "dev", groups: ["system:authenticated"] },
    objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps" },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: at,
    stageTimestamp: at,
  };
}

/** One Lambda batch received at `receivedMs`: the start of each open window it has to send. */
async function batch(store: MemoryStore, records: K8sAuditRecord[], receivedMs: number) {
  const bounded = boundEventTimes(records.map((r) => auditEvent(r)), receivedMs);
  const { findings } = evaluate(bounded.events, defaultConfig());
  const due = await store.apply(findings, { batchId: `b-${receivedMs}`, windowMs: 3_600_000 });
  return { implausible: bounded.implausible, opened: due.filter((d) => d.kind === "open").map((d) => d.alert.windowStartMs) };
}

describe("event time bounded by receive time", () => {
  it("a forged far-future record opens a window now, and a real event two hours on opens the next", async () => {
    const store = new MemoryStore();
    expect(await batch(store, [patch("forged", "2099-01-01T00:00:00Z")], R)).toEqual({ implausible: 1, opened: [R] });
    const later = R + 2 * 3_600_000;
    expect(await batch(store, [patch("real", iso(later))], later)).toEqual({ implausible: 0, opened: [R, later] }); // R: the first, not yet marked sent
  });

  it("keeps times within the allowed skew and counts only what is past it", () => {
    const events = [patch("a", iso(R + ALLOWED_FUTURE_SKEW_MS)), patch("b", iso(R + ALLOWED_FUTURE_SKEW_MS + 1000)), patch("c", iso(R - 1000))].map((r) =>
      auditEvent(r),
    );
    const bounded = boundEventTimes(events, R);
    expect(bounded.implausible).toBe(1);
    expect(bounded.events.map((e) => e.timeMs)).toEqual([R + ALLOWED_FUTURE_SKEW_MS, R, R - 1000]);
  });
});
