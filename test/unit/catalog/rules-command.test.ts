// `cni-auditor rules`: the catalog's review date, the fleet checks beside the rules, and the
// catalog entries with everything needed to judge them (range, conditions, kind, review, sources).
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../../cli/commands/rules.ts";
import { FLEET_CHECKS } from "../../../shared/fleet/checks/index.ts";

async function rules(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (c: Buffer) => chunks.push(c));
  const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: {} };
  const code = await run(args, io);
  return { code, stdout: Buffer.concat(chunks).toString("utf8") };
}

describe("cni-auditor rules", () => {
  it("opens with the catalog's newest review date and versions", async () => {
    const { code, stdout } = await rules([]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(
      "Known-issue catalog reviewed 2026-12-03, up to vpc-cni v1.23.3, eks-pod-identity-agent v1.3.10-eksbuild.2; newer versions are not reviewed yet (known issues unknown).",
    );
  });

  it("lists every fleet check with what it looks at", async () => {
    const { stdout } = await rules([]);
    expect(stdout).toContain("Fleet checks");
    for (const c of FLEET_CHECKS) expect(stdout).toContain(`  ${c.id}  [fleet, ${c.severity}]\n    ${c.summary}\n    looks at: ${c.looksAt}`);
    expect(stdout).toContain(
      "  vpc-cni-v1.22.1-describe-security-groups  issue, vpc-cni v1.22.1 ≤ v < v1.22.2, unless subnet-discovery-off or custom-networking",
    );
    expect(stdout).toContain("  vpc-cni-v1.16.0-sgp-custom-networking-order  issue, vpc-cni v1.16.0 ≤ v < v1.16.4, with custom-networking and pod-eni");
    expect(stdout).toContain("    reviewed 2026-12-03: https://github.com/aws/amazon-vpc-cni-k8s/issues/2807");
  });

  it("--json keeps range, conditions, kind, review date and sources of each entry", async () => {
    const { stdout } = await rules(["--json"]);
    const out = JSON.parse(stdout);
    expect(out.catalog).toMatchObject({ reviewed: "2026-12-03", newestVersionsSeen: { "vpc-cni": "v1.23.3" } });
    expect(out.fleetChecks.map((c: { id: string }) => c.id)).toEqual(FLEET_CHECKS.map((c) => c.id));
    expect(out.fleetChecks.every((c: { looksAt: string }) => c.looksAt.length > 10)).toBe(true);
    const e = out.knownIssues.find((k: { id: string }) => k.id === "vpc-cni-v1.18-unfilled-eni");
    expect(e).toMatchObject({
      kind: "issue",
      from: "v1.18.0",
      toExclusive: "v1.18.3",
      when: [],
      unless: ["subnet-discovery-off"],
      condition: "extra subnets are tagged kubernetes.io/role/cni and the primary subnet is full",
      severity: "low",
      reviewed: "2026-12-03",
      references: ["https://github.com/aws/amazon-vpc-cni-k8s/issues/2908", "https://github.com/aws/amazon-vpc-cni-k8s/pull/2954"],
    });
  });
});
