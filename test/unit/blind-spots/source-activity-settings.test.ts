// The sweep's audit-source-silent settings (functions/lambda/settings.ts), as infra/report.ts sets them.
import { describe, expect, it } from "vitest";
import { readLambdaSettings } from "../../../functions/lambda/settings.ts";

const env = (extra: Record<string, string>) => ({ DEDUP_TABLE: "dedup", AWS_REGION: "eu-west-1", ...extra });

describe("source activity settings", () => {
  it("not set up without regions: the sweep reads no metrics (the event functions' environment)", () => {
    expect(readLambdaSettings(env({})).sourceActivity).toBeNull();
  });

  it("a central sweep: regions, member accounts, the role, 30 minutes unless told", () => {
    const s = readLambdaSettings(env({ SOURCE_ACTIVITY_REGIONS: "eu-west-1, us-east-1", SOURCE_ACTIVITY_ACCOUNTS: "444455556666", SOURCE_ACTIVITY_ROLE_NAME: "cni-auditor-fleet-read" }));
    expect(s.sourceActivity).toEqual({ regions: ["eu-west-1", "us-east-1"], accounts: ["444455556666"], roleName: "cni-auditor-fleet-read", quietMs: 30 * 60_000 });
    expect(readLambdaSettings(env({ SOURCE_ACTIVITY_REGIONS: "eu-west-1", SOURCE_SILENT_AFTER: "45m" })).sourceActivity).toEqual({ regions: ["eu-west-1"], accounts: [], roleName: null, quietMs: 45 * 60_000 });
  });

  it("refuses a bad account, a bad region, accounts without a role, and a bad quiet time", () => {
    expect(() => readLambdaSettings(env({ SOURCE_ACTIVITY_REGIONS: "eu-west-1", SOURCE_ACTIVITY_ACCOUNTS: "12345" }))).toThrow(/12345/);
    expect(() => readLambdaSettings(env({ SOURCE_ACTIVITY_REGIONS: "europe" }))).toThrow(/europe/);
    expect(() => readLambdaSettings(env({ SOURCE_ACTIVITY_REGIONS: "eu-west-1", SOURCE_ACTIVITY_ACCOUNTS: "444455556666" }))).toThrow(/SOURCE_ACTIVITY_ROLE_NAME/);
    expect(() => readLambdaSettings(env({ SOURCE_ACTIVITY_REGIONS: "eu-west-1", SOURCE_SILENT_AFTER: "soon" }))).toThrow(/SOURCE_SILENT_AFTER/);
  });
});
