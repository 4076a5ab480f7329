// The Security Hub sink (builder and sender in securityhub.ts), off unless the deploy config
// turns it on (`securityhubEnabled`, CNI_AUDITOR_SECURITY_HUB_ENABLED=true): the stack then sets
// SECURITY_HUB_ACCOUNT/REGION, the account and region whose Security Hub imports the findings
// (with the default product ARN, AwsAccountId must be the importing account). Its code and the
// Security Hub client load on first use, so functions that never send pay no start-up cost.
import * as v from "valibot";
import { REGION } from "../core/region.ts";
import { envText, quoted, severityEnv } from "../schema.ts";
import type { Severity } from "../types.ts";
import type { AlertSink, SinkDescriptor } from "./sink.ts";

export interface SecurityHubSettings {
  minSeverity: Severity;
  account: string;
  region: string;
}

const ENV = v.pipe(
  v.object({
    SECURITY_HUB_ACCOUNT: v.pipe(envText, v.check((s) => s === "" || /^\d{12}$/.test(s), (i) => `${quoted(i.input)} is not a 12-digit account id`)),
    SECURITY_HUB_REGION: v.pipe(envText, v.check((s) => s === "" || REGION.test(s), (i) => `${quoted(i.input)} is not a region`)),
    AWS_REGION: envText,
    SECURITY_HUB_MIN_SEVERITY: severityEnv("low"),
  }),
  v.check((e) => e.SECURITY_HUB_ACCOUNT === "" || (e.SECURITY_HUB_REGION || e.AWS_REGION) !== "", "SECURITY_HUB_REGION is required (or AWS_REGION)"),
  v.transform((e): SecurityHubSettings | null =>
    e.SECURITY_HUB_ACCOUNT ? { account: e.SECURITY_HUB_ACCOUNT, region: e.SECURITY_HUB_REGION || e.AWS_REGION, minSeverity: e.SECURITY_HUB_MIN_SEVERITY } : null,
  ),
);

export const SECURITY_HUB: SinkDescriptor<SecurityHubSettings> = {
  name: "securityhub",
  settings: ENV,
  minSeverity: { default: "low", variable: "SECURITY_HUB_MIN_SEVERITY" },
  optIn: { variable: "SECURITY_HUB_ENABLED" },
  environment: (r) => ({ SECURITY_HUB_ACCOUNT: r.account, SECURITY_HUB_REGION: r.region }),
  iam: (r) => ({
    calls: [
      // Only this account's default product: findings can be imported nowhere else.
      { actions: ["securityhub:BatchImportFindings"], resources: [r.join("arn:", r.partition, ":securityhub:", r.region, ":", r.account, ":product/", r.account, "/default")] },
      // Reading its own findings back: a closed window's finding is archived only if no newer one replaced it.
      { actions: ["securityhub:GetFindings"], resources: [r.join("arn:", r.partition, ":securityhub:", r.region, ":", r.account, ":hub/default")] },
    ],
    platform: [],
  }),
  create(s, deps) {
    let loaded: Promise<AlertSink> | undefined;
    const sink = () =>
      (loaded ??= Promise.all([import("./securityhub.ts"), deps.securityHub ?? import("@aws-sdk/client-securityhub").then((m) => new m.SecurityHubClient({ region: s.region, maxAttempts: 1 }))]).then(
        ([m, client]) => m.securityHubSink({ minSeverity: s.minSeverity, client, importer: { account: s.account, region: s.region } }),
      ));
    return {
      name: "securityhub",
      minSeverity: s.minSeverity,
      send: async (d) => (await sink()).send(d),
      sweep: async (now) => (await sink()).sweep!(now),
    };
  },
};
