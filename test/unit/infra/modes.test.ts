// The mode settings (infra/modes.ts) and who a central stage admits (infra/members-policy.ts).
import { describe, expect, it } from "vitest";
import { loadInfraConfig, type StageSettings } from "../../../infra/config.ts";
import { logDeliveryCondition, memberGrant } from "../../../infra/members-policy.ts";
import { ConfigError } from "../../../shared/errors.ts";

const stages: Record<string, StageSettings> = {
  hub: { mode: "central", members: { accounts: ["444455556666", "777788889999"], regions: ["eu-west-1", "us-east-1"] } },
  spoke: { mode: "member", central: { account: "111122223333", region: "eu-west-1" }, clusters: ["a"] },
};

describe("modes", () => {
  it("standalone by default; central and member as set, with their defaults", () => {
    expect(loadInfraConfig("dev").mode).toBe("standalone");
    const hub = loadInfraConfig("hub", {}, stages);
    expect([hub.mode, hub.intakeName, hub.members]).toEqual(["central", "cni-auditor-central", { organizationId: null, accounts: ["444455556666", "777788889999"], regions: ["eu-west-1", "us-east-1"], streamShards: 1 }]);
    expect(loadInfraConfig("spoke", {}, stages).central).toEqual({ account: "111122223333", region: "eu-west-1" });
  });

  it("from the environment, as CI sets them per stage", () => {
    const c = loadInfraConfig("x", { CNI_AUDITOR_MODE: "member", CNI_AUDITOR_CENTRAL_ACCOUNT: "111122223333", CNI_AUDITOR_CENTRAL_REGION: "eu-west-1" });
    expect([c.mode, c.central]).toEqual(["member", { account: "111122223333", region: "eu-west-1" }]);
    const h = loadInfraConfig("x", { CNI_AUDITOR_MODE: "central", CNI_AUDITOR_MEMBERS_ORGANIZATION_ID: "o-a1b2c3d4e5", CNI_AUDITOR_MEMBERS_REGIONS: "eu-west-1,eu-central-1" });
    expect(h.members).toMatchObject({ organizationId: "o-a1b2c3d4e5", accounts: [], regions: ["eu-west-1", "eu-central-1"] });
    // The table of stages is not changed by an override.
    loadInfraConfig("spoke", { CNI_AUDITOR_CENTRAL_ACCOUNT: "999988887777" }, stages);
    expect(stages.spoke!.central!.account).toBe("111122223333");
  });

  it("refuses what would deploy an intake nobody may use, or forwarding to nowhere", () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ CNI_AUDITOR_MODE: "hub" }, /^infra config: mode: "hub" is not a mode \(standalone, central, member\)$/],
      [{ CNI_AUDITOR_MODE: "member" }, /mode member needs central/],
      [{ CNI_AUDITOR_MODE: "member", CNI_AUDITOR_CENTRAL_ACCOUNT: "1234", CNI_AUDITOR_CENTRAL_REGION: "eu-west-1" }, /central\.account: "1234" is not a 12-digit account id/],
      [{ CNI_AUDITOR_MODE: "central" }, /mode central needs members\.organizationId or members\.accounts/],
      [{ CNI_AUDITOR_MODE: "central", CNI_AUDITOR_MEMBERS_ORGANIZATION_ID: "o-a1b2c3d4e5", CNI_AUDITOR_MEMBERS_ACCOUNTS: "444455556666" }, /not both/],
      [{ CNI_AUDITOR_MODE: "central", CNI_AUDITOR_MEMBERS_ORGANIZATION_ID: "org-1" }, /"org-1" is not an organization id/],
      [{ CNI_AUDITOR_CENTRAL_ACCOUNT: "111122223333", CNI_AUDITOR_CENTRAL_REGION: "eu-west-1" }, /central is a member's setting \(mode is standalone\)/],
      [{ CNI_AUDITOR_MEMBERS_ACCOUNTS: "444455556666" }, /members is a central stage's setting/],
      [{ CNI_AUDITOR_PROTECT: "maybe" }, /^infra config: protect must be true or false$/],
    ];
    for (const [env, message] of bad) expect(() => loadInfraConfig("dev", env), JSON.stringify(env)).toThrow(message);
    expect(() => loadInfraConfig("dev", { CNI_AUDITOR_MODE: "member" })).toThrow(ConfigError);
  });
});

describe("who the central stage admits", () => {
  const hub = loadInfraConfig("hub", {}, stages).members!;
  it("listed accounts: their roots in resource policies, their log groups for the delivery role", () => {
    expect(memberGrant(hub, "aws")).toEqual({ Principal: { AWS: ["arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:root"] } });
    expect(logDeliveryCondition(hub, "aws", "111122223333", ["eu-west-1", "us-east-1"])).toEqual({
      StringLike: {
        "aws:SourceArn": [
          "arn:aws:logs:eu-west-1:444455556666:*",
          "arn:aws:logs:eu-west-1:777788889999:*",
          "arn:aws:logs:eu-west-1:111122223333:*",
          "arn:aws:logs:us-east-1:444455556666:*",
          "arn:aws:logs:us-east-1:777788889999:*",
          "arn:aws:logs:us-east-1:111122223333:*",
        ],
      },
    });
  });

  it("an organization: anyone in it, by aws:PrincipalOrgID / aws:SourceOrgID, nobody outside", () => {
    const org = { ...hub, accounts: [], organizationId: "o-a1b2c3d4e5" };
    expect(memberGrant(org, "aws-cn")).toEqual({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } } });
    expect(logDeliveryCondition(org, "aws", "111122223333", ["eu-west-1"])).toEqual({ StringEquals: { "aws:SourceOrgID": ["o-a1b2c3d4e5"] } });
  });
});
