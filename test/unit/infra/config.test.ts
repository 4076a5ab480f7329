import { describe, expect, it } from "vitest";
import { auditorConfigJson, loadInfraConfig, sinkEnabled } from "../../../infra/config.ts";
import { ConfigError } from "../../../shared/errors.ts";
import { parseAuditorSettings } from "../../../shared/settings.ts";

describe("infra config", () => {
  it("defaults: no clusters, daily fleet report, 10-minute sweep, 1h window", () => {
    const c = loadInfraConfig("dev");
    expect(c.clusters).toEqual([]);
    expect(c.fleet.schedule).toBe("cron(0 6 * * ? *)");
    expect(c.sweepSchedule).toBe("rate(10 minutes)");
    expect(c.alertWindow).toBe("1h");
    expect([c.slackMinSeverity, c.snsMinSeverity]).toEqual(["medium", "info"]);
    expect(c.logRetention).toBe("1 month");
  });

  it("production stages keep logs and reports longer", () => {
    expect(loadInfraConfig("prod").logRetention).toBe("3 months");
    expect(loadInfraConfig("production").reportRetentionDays).toBe(365);
  });

  it("takes overrides from CNI_AUDITOR_* variables", () => {
    const c = loadInfraConfig("dev", {
      CNI_AUDITOR_CLUSTERS: " prod-eu-1, prod_eu_2 ,",
      CNI_AUDITOR_EXTRA_SYSTEM_USERS: "system:serviceaccount:kube-system:karpenter",
      CNI_AUDITOR_FLEET_SCHEDULE: "rate(12 hours)",
      CNI_AUDITOR_FLEET_ACCOUNTS: "444455556666,777788889999",
      CNI_AUDITOR_FLEET_REGIONS: "eu-west-1,us-east-1",
      CNI_AUDITOR_FLEET_ROLE_NAME: "AuditRead",
      CNI_AUDITOR_SLACK_MIN_SEVERITY: "high",
      CNI_AUDITOR_ALERT_WINDOW: "30m",
      CNI_AUDITOR_ALERT_EMAIL: "oncall@example.com",
    });
    expect(c.clusters).toEqual(["prod-eu-1", "prod_eu_2"]);
    expect(c.extraSystemUsers).toEqual(["system:serviceaccount:kube-system:karpenter"]);
    expect(c.fleet).toEqual({ schedule: "rate(12 hours)", accounts: ["444455556666", "777788889999"], regions: ["eu-west-1", "us-east-1"], roleName: "AuditRead", fanoutAbove: 8 });
    expect([c.slackMinSeverity, c.alertWindow, c.alertEmail]).toEqual(["high", "30m", "oncall@example.com"]);
  });

  it("refuses what would deploy a broken or over-broad stack", () => {
    const bad: Array<Record<string, string>> = [
      { CNI_AUDITOR_CLUSTERS: "bad/name" },
      { CNI_AUDITOR_CLUSTERS: "a,a" },
      { CNI_AUDITOR_FLEET_SCHEDULE: "every day" },
      { CNI_AUDITOR_FLEET_ROLE_NAME: "*" },
      { CNI_AUDITOR_FLEET_ACCOUNTS: "1234" },
      { CNI_AUDITOR_FLEET_REGIONS: "mars-1" },
      { CNI_AUDITOR_SNS_MIN_SEVERITY: "urgent" },
      { CNI_AUDITOR_ALERT_WINDOW: "soon" },
      { CNI_AUDITOR_ALERT_EMAIL: "nobody" },
      { CNI_AUDITOR_EXTRA_SYSTEM_USERS: "" }, // empty list is fine…
    ];
    for (const env of bad.slice(0, -1)) expect(() => loadInfraConfig("dev", env), JSON.stringify(env)).toThrow(ConfigError);
    expect(loadInfraConfig("dev", bad.at(-1)!).extraSystemUsers).toEqual([]);
  });

  it("AUDITOR_CONFIG is the JSON the Lambdas parse", () => {
    const c = loadInfraConfig("dev", { CNI_AUDITOR_EXTRA_SYSTEM_USERS: "ops:bot", CNI_AUDITOR_CNI_ROLE_ARNS: "arn:aws:iam::111122223333:role/cni" });
    expect(parseAuditorSettings(auditorConfigJson(c), "AUDITOR_CONFIG")).toEqual({
      extraSystemUsers: ["ops:bot"],
      cniRoleArns: ["arn:aws:iam::111122223333:role/cni"],
      disabledRules: [],
      allow: {},
    });
  });

  it("reserved concurrency per function and the Slack parameter: off by default, set by variable, checked by name", () => {
    const plain = loadInfraConfig("dev");
    expect([plain.reservedConcurrency, plain.secrets]).toEqual([{}, {}]);
    const c = loadInfraConfig("dev", { CNI_AUDITOR_RESERVED_CONCURRENCY: "AuditLogs=20, Sweep=1", CNI_AUDITOR_SLACK_WEBHOOK_PARAMETER: "/cni-auditor/dev/slack" });
    expect(c.reservedConcurrency).toEqual({ AuditLogs: 20, Sweep: 1 });
    expect(c.secrets).toEqual({ slack: "/cni-auditor/dev/slack" });
    expect(() => loadInfraConfig("dev", { CNI_AUDITOR_RESERVED_CONCURRENCY: "Audit=2" })).toThrow(/^infra config: reservedConcurrency: "Audit" is not a function/);
    expect(() => loadInfraConfig("dev", { CNI_AUDITOR_RESERVED_CONCURRENCY: "Sweep=-1" })).toThrow(/reservedConcurrency\.Sweep must be a whole number/);
    expect(() => loadInfraConfig("dev", { CNI_AUDITOR_SLACK_WEBHOOK_PARAMETER: "bad name!" })).toThrow(/^infra config: secrets\.slack: "bad name!" is not an SSM parameter name$/);
    expect(() => loadInfraConfig("dev", { CNI_AUDITOR_FLEET_REGIONS: "eu-west-1,mars-1" })).toThrow(/^infra config: fleet\.regions: "mars-1" is not a region$/);
  });

  it("fleet fan-out threshold: CNI_AUDITOR_FLEET_FANOUT_ABOVE is a whole number 0 or more, or off", () => {
    expect(loadInfraConfig("dev").fleet.fanoutAbove).toBe(8);
    expect(loadInfraConfig("dev", { CNI_AUDITOR_FLEET_FANOUT_ABOVE: " 20 " }).fleet.fanoutAbove).toBe(20);
    expect(loadInfraConfig("dev", { CNI_AUDITOR_FLEET_FANOUT_ABOVE: "0" }).fleet.fanoutAbove).toBe(0);
    expect(loadInfraConfig("dev", { CNI_AUDITOR_FLEET_FANOUT_ABOVE: "OFF" }).fleet.fanoutAbove).toBeNull();
    expect(loadInfraConfig("dev", { CNI_AUDITOR_FLEET_FANOUT_ABOVE: "" }).fleet.fanoutAbove).toBe(8);
    expect(() => loadInfraConfig("dev", { CNI_AUDITOR_FLEET_FANOUT_ABOVE: "-1" })).toThrow(/fleet\.fanoutAbove must be 0 or more/);
    for (const raw of ["many", "2.5", "1e3", "null"]) expect(() => loadInfraConfig("dev", { CNI_AUDITOR_FLEET_FANOUT_ABOVE: raw }), raw).toThrow(/fleet\.fanoutAbove must be a whole number, or null \(off\)/);
  });

  it("Security Hub is off unless turned on (securityhubEnabled, CNI_AUDITOR_SECURITY_HUB_ENABLED)", () => {
    const off = loadInfraConfig("dev");
    expect([off.securityhubEnabled, sinkEnabled(off, "securityhub"), sinkEnabled(off, "sns")]).toEqual([false, false, true]);
    const on = loadInfraConfig("dev", { CNI_AUDITOR_SECURITY_HUB_ENABLED: "true", CNI_AUDITOR_SECURITY_HUB_MIN_SEVERITY: "high" });
    expect([on.securityhubEnabled, sinkEnabled(on, "securityhub"), on.securityhubMinSeverity]).toEqual([true, true, "high"]);
    expect(() => loadInfraConfig("dev", { CNI_AUDITOR_SECURITY_HUB_ENABLED: "yes" })).toThrow(/securityhubEnabled must be true or false/);
  });
});
