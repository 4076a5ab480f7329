// Planning without the CLI: Kubernetes several minors ahead, hostile names from the API, and the
// document renderers' escaping.
import { describe, expect, it } from "vitest";
import { planMarkdown, planText } from "../../../shared/plan/document.ts";
import { planFleet } from "../../../shared/plan/plan.ts";
import { seedFleet } from "../../fixtures/plan/seed-fleet.ts";

const req = (o: Partial<Parameters<typeof planFleet>[1]>) => ({ addon: "vpc-cni" as const, to: null, kubernetes: null, clusters: [], ...o });

describe("shared/plan", () => {
  it("Kubernetes two minors ahead: each minor in turn, the add-on first while its build is offered there", () => {
    const p = planFleet(seedFleet(), req({ kubernetes: "1.33", to: "v1.21.2", clusters: ["cn-custom"] }));
    const c = p.clusters[0]!;
    expect(c.path.map((s) => `${s.kind} ${s.to}`)).toEqual([
      "addon v1.20.4-eksbuild.1",
      "addon v1.21.2-eksbuild.1",
      "kubernetes 1.32",
      "kubernetes 1.33",
    ]);
    expect(c.commands.filter((l) => l.includes("update-cluster-version")).map((l) => l.split(" ").pop())).toEqual(["1.32", "1.33"]);
  });

  it("a Kubernetes downgrade is refused; an unparseable request plans nothing", () => {
    const c = planFleet(seedFleet(), req({ kubernetes: "1.29", clusters: ["cn-custom"] })).clusters[0]!;
    expect(c.findings[0]).toMatchObject({ id: "plan/kubernetes-downgrade", severity: "high" });
    expect(c.path.filter((s) => s.kind === "kubernetes")).toEqual([]);
  });

  it("hostile names from the API: placeholders in the commands, said why, and inert in Markdown and text", () => {
    const s = seedFleet();
    const evil = "x$(curl evil)<img src=x onerror=alert(1)>";
    s.clusters = [{ ...s.clusters[1]!, name: evil }];
    const p = planFleet(s, req({ to: "v1.22" }));
    const c = p.clusters[0]!;
    expect(c.commands.every((l) => !l.includes("curl"))).toBe(true);
    expect(c.commands[1]).toContain("--cluster-name <cluster-name>");
    expect(c.findings.map((f) => f.id)).toContain("plan/value-not-usable");
    const md = planMarkdown(p);
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).toContain("\\<img");
    expect(planText(p)).toContain(evil); // the CLI makes terminal text inert line by line
  });
});

describe("shared/plan: going back", () => {
  it("a downgrade below v1.22.4 with network policy on says enforcement skips older pods", () => {
    const s = seedFleet();
    const c = s.clusters[1]!;
    s.clusters = [{ ...c, addons: [{ ...c.addons[0]!, version: "v1.23.0-eksbuild.1", configurationValues: '{"enableNetworkPolicy":"true"}' }] }];
    const p = planFleet(s, req({ to: "v1.22.0" })).clusters[0]!;
    expect(p.path.filter((x) => x.kind === "addon").map((x) => [x.to, x.reason])).toEqual([["v1.22.0-eksbuild.1", "downgrade"]]);
    expect(p.findings.map((f) => `${f.severity} ${f.id}`)).toEqual(expect.arrayContaining(["high vpc-cni-v1.22.4-downgrade-network-policy", "medium plan/downgrade"]));
    expect(planFleet(s, req({ to: "v1.22.4" })).clusters[0]!.findings.map((f) => f.id)).not.toContain("vpc-cni-v1.22.4-downgrade-network-policy");
  });
});

describe("shared/plan: a snapshot without the offered builds", () => {
  it("keeps every minor step, names the unknown builds as placeholders, and lists the builds first", () => {
    const s = { ...seedFleet(), addonBuilds: undefined };
    const c = planFleet(s, req({ to: "latest", clusters: ["pi-old-agent"] })).clusters[0]!;
    expect(c.path.filter((x) => x.kind === "addon").map((x) => x.to)).toEqual(["<newest-v1.19-build>", "v1.20.4-eksbuild.1", "v1.21.1-eksbuild.1"]);
    expect(c.findings.map((f) => f.id)).toContain("plan/builds-unknown");
    expect(c.commands[0]).toBe("aws eks describe-addon-versions --region us-west-2 --addon-name vpc-cni --kubernetes-version 1.31 --query 'addons[].addonVersions[].addonVersion'");
    expect(c.commands).toContain("aws eks update-addon --region us-west-2 --cluster-name pi-old-agent --addon-name vpc-cni --addon-version <newest-v1.19-build> --resolve-conflicts PRESERVE");
  });
});
