// Protection and retention follow the `protect` setting (default: on unless the stage is
// ephemeral), never the stage's name: sst.config.ts's app() and the stateful resources.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadInfraConfig, type StageSettings } from "../../../infra/config.ts";
import { plan, type Plan } from "./sst-mocks.ts";

const stages: Record<string, StageSettings> = {
  "pr-42": { ephemeral: true },
  "prod-euw1": {},
  "lab-keep": { ephemeral: true, protect: true },
  "staging-off": { protect: false },
};

describe("sst.config.ts app()", () => {
  const g = globalThis as Record<string, unknown>;
  let app: (input: { stage: string }) => Promise<{ removal: string; protect: boolean }>;
  beforeAll(async () => {
    g.$config = (c: unknown) => c;
    const file = "../../../sst.config.ts";
    app = ((await import(/* @vite-ignore */ file)) as { default: { app: typeof app } }).default.app;
  });
  afterAll(() => {
    delete g.$config;
    delete process.env.CNI_AUDITOR_EPHEMERAL;
  });

  it("protects and retains every stage that is not ephemeral, whatever its name", async () => {
    for (const stage of ["prod-euw1", "production-us", "prod", "dev", "whatever"]) {
      await expect(app({ stage }), stage).resolves.toMatchObject({ name: "cni-auditor", removal: "retain", protect: true });
    }
  });

  it("an ephemeral stage (CNI_AUDITOR_EPHEMERAL, as CI sets for a branch) is removable", async () => {
    process.env.CNI_AUDITOR_EPHEMERAL = "true";
    await expect(app({ stage: "pr-42" })).resolves.toMatchObject({ removal: "remove", protect: false });
    process.env.CNI_AUDITOR_EPHEMERAL = "yes";
    await expect(app({ stage: "pr-42" })).rejects.toThrow(/^infra config: ephemeral must be true or false$/);
  });
});

describe("settings", () => {
  it("protect defaults to not ephemeral, and an explicit protect wins", () => {
    const protect = (stage: string) => loadInfraConfig(stage, {}, stages).protect;
    expect(Object.fromEntries(Object.keys(stages).map((s) => [s, protect(s)]))).toEqual({ "pr-42": false, "prod-euw1": true, "lab-keep": true, "staging-off": false });
    expect(loadInfraConfig("pr-42", { CNI_AUDITOR_PROTECT: "TRUE" }, stages).protect).toBe(true);
  });
});

describe("an ephemeral stage's plan", () => {
  let p: Plan;
  beforeAll(async () => {
    const config = loadInfraConfig("pr-42", {}, stages);
    const [{ protectStatefulResources }, { storage }, { alerts }] = await Promise.all(
      ["protection.ts", "storage.ts", "alerts.ts"].map((f) => import(/* @vite-ignore */ `../../../infra/${f}`)),
    );
    p = await plan("pr-42", () => {
      protectStatefulResources(config);
      const aws = (globalThis as Record<string, any>).aws;
      const where = { account: aws.getCallerIdentityOutput({}).accountId, partition: aws.getPartitionOutput({}).partition, region: aws.getRegionOutput({}).region };
      storage(config);
      alerts(config, where);
    });
  }, 300_000);

  it("keeps nothing on removal and leaves DynamoDB deletion protection off", () => {
    const stateful = p.resources.filter((r) => ["aws:dynamodb/table:Table", "aws:s3/bucket:Bucket", "aws:kms/key:Key"].includes(r.type));
    expect(stateful.map((r) => r.type).sort()).toEqual(["aws:dynamodb/table:Table", "aws:kms/key:Key", "aws:s3/bucket:Bucket"]);
    for (const r of stateful) expect(r.options.retainOnDelete, r.name).toBeUndefined();
    expect(stateful.find((r) => r.type === "aws:dynamodb/table:Table")!.inputs.deletionProtectionEnabled).toBeUndefined();
  });
});

