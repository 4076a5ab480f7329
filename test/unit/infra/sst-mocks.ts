// Runs the infra program offline: Pulumi mocks stand in for the engine, and a loopback
// HTTP server answers the two SST CLI calls that components make at plan time
// (`Runtime.Build` for sst.aws.Function, `Provider.Aws.Bootstrap` for the asset bucket).
// SST's components and Pulumi come from .sst/platform (written by `sst install`), the
// same copies `sst deploy` loads. This relies on SST internals (the rpc method names and
// the $app/$cli globals) (as sst 4.17.1 does).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import http from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";

const root = new URL("../../../", import.meta.url).pathname;
const platform = join(root, ".sst/platform");
const requirePlatform = createRequire(join(platform, "package.json"));

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";

export interface PlannedResource {
  type: string;
  name: string;
  inputs: Record<string, any>;
  state: Record<string, any>;
  /** The resource options it was created with (after the program's transforms). */
  options: { retainOnDelete?: boolean; protect?: boolean };
  /** The provider reference (`urn::id`) when not the default provider. */
  provider?: string;
}

export interface Plan {
  resources: PlannedResource[];
  /** `Runtime.Build` requests: what SST was asked to bundle. */
  builds: Array<Record<string, any>>;
  outputs: Record<string, unknown>;
}

/** Runs `program` (which creates resources through the SST globals) and returns every resource. */
export async function plan(stage: string, program: () => unknown): Promise<Plan> {
  // A fresh clone has no .sst/platform until `npm run typecheck` (or this) writes it.
  execFileSync(process.execPath, [join(root, "infra/install-platform.mjs")], { stdio: "inherit" });
  const pulumi = requirePlatform("@pulumi/pulumi");
  const resources: PlannedResource[] = [];
  const builds: Array<Record<string, any>> = [];
  const bundleDir = mkdtempSync(join(tmpdir(), "cni-auditor-bundle-"));
  writeFileSync(join(bundleDir, "index.mjs"), "export const handler = async () => {};\n");

  // Filled by a stack transformation registered before the program's own: it keeps each
  // resource's options object, which later transforms (the program's $transform) mutate.
  const options = new Map<string, Record<string, any>>();
  let inflight = 0;
  const server = http.createServer((req, res) => {
    inflight++;
    res.on("finish", () => inflight--);
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const { method, params } = JSON.parse(body) as { method: string; params: any[] };
      let result: unknown;
      if (method === "Runtime.Build") {
        builds.push(params[0]);
        result = { handler: "index.handler", out: bundleDir, errors: [], sourcemaps: [] };
      } else if (method === "Provider.Aws.Bootstrap") {
        result = { asset: "sst-asset-bucket", assetEcrRegistryId: ACCOUNT, assetEcrUrl: "", state: "sst-state", appsyncHttp: "", appsyncRealtime: "" };
      }
      res.end(JSON.stringify(result === undefined ? { error: `rpc: can't find method ${method}` } : { result }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const previousServer = process.env.SST_SERVER;
  process.env.SST_SERVER = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  pulumi.runtime.setMocks(
    {
      newResource(a: { type: string; name: string; inputs: Record<string, any>; provider?: string }) {
        const physical = a.inputs.name ?? `${a.name}-${stage}`;
        const service = a.type.split(":")[1]?.split("/")[0] ?? "mock";
        const state = {
          ...a.inputs,
          name: physical,
          arn: a.inputs.arn ?? `arn:aws:${service}:${REGION}:${ACCOUNT}:${a.name}`,
          url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${a.name}`,
        };
        resources.push({ type: a.type, name: a.name, inputs: a.inputs, state, options: options.get(`${a.type}::${a.name}`) ?? {}, ...(a.provider ? { provider: a.provider } : {}) });
        return { id: `${a.name}-id`, state };
      },
      call(a: { token: string; inputs: Record<string, any> }) {
        switch (a.token) {
          case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, id: ACCOUNT };
          case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
          case "aws:index/getRegion:getRegion":
            return { region: REGION, name: REGION, id: REGION };
          case "aws:iam/getPolicyDocument:getPolicyDocument":
            return { json: JSON.stringify(policyDocument(a.inputs)), statements: a.inputs.statements };
          default:
            return {};
        }
      },
    },
    "cni-auditor",
    stage,
    false,
  );

  const g = globalThis as Record<string, unknown>;
  g.$app = { name: "cni-auditor", stage, removal: "remove", providers: {}, protect: false };
  g.$cli = { command: "deploy", rpc: "", home: "aws", paths: { home: "aws", root, work: join(root, ".sst"), platform }, state: { version: {} } };
  g.$dev = false;
  const shim = await import(/* @vite-ignore */ join(platform, "src/shim/run.js"));
  for (const [k, v] of Object.entries(shim)) g[k] = v;
  g.aws = requirePlatform("@pulumi/aws");
  g.sst = await import(/* @vite-ignore */ join(platform, "src/components/index.ts"));

  try {
    const outputs =
      (await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation((t: { type: string; name: string; props: unknown; opts: Record<string, any> }) => {
          options.set(`${t.type}::${t.name}`, t.opts);
          return undefined;
        });
        return program();
      })) ?? {};
    await settle(pulumi, resources, () => inflight);
    return { resources, builds, outputs };
  } finally {
    server.close();
    if (previousServer === undefined) delete process.env.SST_SERVER;
    else process.env.SST_SERVER = previousServer;
  }
}

/**
 * SST creates each Lambda function inside an `apply` after the build RPC, which Pulumi's
 * RPC tracking does not cover: wait until every sst.aws.Function has its lambda function
 * and invoke config, every CronV2 its schedule, no RPC is in flight, and no
 * resource appeared for a while (counted in event-loop turns, not time).
 */
async function settle(pulumi: any, resources: PlannedResource[], inflight: () => number): Promise<void> {
  const complete = (): boolean => {
    const fns = resources.filter((r) => r.type === "sst:aws:Function").map((r) => r.name);
    const have = new Set(resources.map((r) => r.name));
    const crons = resources.filter((r) => r.type === "sst:aws:CronV2").map((r) => r.name);
    return (
      fns.every((f) => have.has(`${f}Function`) && have.has(`${f}EventInvokeConfig`)) &&
      crons.every((c) => have.has(`${c}Schedule`))
    );
  };
  let quiet = 0;
  let seen = -1;
  for (let turn = 0; turn < 100_000 && quiet < 200; turn++) {
    await pulumi.runtime.waitForRPCs?.();
    await new Promise((r) => setImmediate(r));
    const busy = inflight() > 0 || !complete() || resources.length !== seen;
    seen = resources.length;
    quiet = busy ? 0 : quiet + 1;
  }
}

/** What iam.getPolicyDocument would return, for the statements SST passes it. */
function policyDocument(inputs: { statements?: Array<Record<string, any>> }) {
  return {
    Version: "2012-10-17",
    Statement: (inputs.statements ?? []).map((s) => ({
      Effect: s.effect ?? "Allow",
      Action: s.actions,
      Resource: s.resources,
      ...(s.conditions ? { Condition: s.conditions } : {}),
    })),
  };
}

/** The one planned resource of that type and name (the test fails when there are none or several). */
export function oneResource(p: Plan, type: string, name: string): PlannedResource {
  const found = p.resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
}

/** Every statement of a planned role's inline policies. */
export const inlineStatements = (role: PlannedResource): any[] =>
  (role.inputs.inlinePolicies ?? []).flatMap((x: { policy: string }) => JSON.parse(x.policy).Statement);
