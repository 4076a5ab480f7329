import { describe, expect, it } from "vitest";
import { createLimit } from "../../../shared/fleet/limiter.ts";
import { progressBar, progressLine, progressStatus } from "../../../shared/fleet/progress-text.ts";
import { memberRoleArn } from "../../../shared/fleet/aws-clients.ts";
import { shq } from "../../../shared/render/shell.ts";

describe("concurrency limit", () => {
  it("never runs more than the limit at once and runs everything", async () => {
    const limit = createLimit(3);
    let active = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      limit(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((r) => gates.push(r));
        active--;
        return i;
      }),
    );
    // Release tasks one by one as they start; each release lets exactly one waiter in.
    while (gates.length || active) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it("frees the slot when a task fails", async () => {
    const limit = createLimit(1);
    await expect(limit(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit(async () => "next")).toBe("next");
  });

  it("rejects a limit below one", () => {
    expect(() => createLimit(0)).toThrow(RangeError);
  });
});

describe("progress text", () => {
  const target = { region: "us-west-2", account: "444455556666" };

  it("draws a bar with a label cut to the terminal width", () => {
    expect(progressBar(6, 12, "us-west-2/prod")).toBe("[████████████░░░░░░░░░░░░] 6/12 us-west-2/prod");
    expect(progressBar(1, 1, "x".repeat(100), 60).length).toBe(59);
  });

  it("prints every cluster in plain mode and only failures on a terminal", () => {
    const ok = { type: "cluster" as const, done: 1, total: 2, target, cluster: "a", ok: true, error: null };
    const bad = { ...ok, done: 2, cluster: "b", ok: false, error: "AccessDeniedException (HTTP 403): no" };
    expect(progressLine(ok, false)).toBe("fleet: [1/2] ok 444455556666/us-west-2/a");
    expect(progressLine(ok, true)).toBeNull();
    expect(progressLine(bad, true)).toBe("fleet: [2/2] FAILED 444455556666/us-west-2/b: AccessDeniedException (HTTP 403): no");
    expect(progressLine({ type: "listed", clusters: 1, failedTargets: 1 }, false)).toBe("fleet: 1 cluster to read, 1 region/account listing(s) failed");
    expect(progressStatus(bad)).toMatch(/^\[█{24}\] 2\/2 444455556666\/us-west-2\/b$/);
  });
});

describe("names and commands", () => {
  it("builds member role ARNs in the region's partition", () => {
    expect(memberRoleArn("444455556666", "eu-west-1", "cni-auditor-fleet-read")).toBe("arn:aws:iam::444455556666:role/cni-auditor-fleet-read");
    expect(memberRoleArn("444455556666", "cn-north-1", "/ops/reader")).toBe("arn:aws-cn:iam::444455556666:role/ops/reader");
    expect(memberRoleArn("444455556666", "us-gov-west-1", "r")).toBe("arn:aws-us-gov:iam::444455556666:role/r");
  });

  it("shell-quotes only what needs it", () => {
    expect(shq("prod-west-1")).toBe("prod-west-1");
    expect(shq("a b")).toBe("'a b'");
    expect(shq("it's")).toBe("'it'\\''s'");
  });
});
