// Which AWS API actions a Lambda handler's code can call: esbuild resolves everything the
// handler reaches (as the deploy bundle would), and every AWS SDK v3 command or paginator
// imported by a reached project file is mapped to its IAM action.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = new URL("../../../", import.meta.url).pathname;

/** @aws-sdk/client-<x> → IAM service prefix. */
const SERVICE: Record<string, string> = {
  "client-dynamodb": "dynamodb",
  "client-sns": "sns",
  "client-s3": "s3",
  "client-eks": "eks",
  "client-sts": "sts",
  "client-iam": "iam",
  "client-cloudwatch-logs": "logs",
  "client-cloudwatch": "cloudwatch",
  "client-ssm": "ssm",
  "client-securityhub": "securityhub",
  "client-sqs": "sqs",
};

/** Commands whose IAM action has another name (SendMessageBatch is authorized as sqs:SendMessage). */
const ACTION_OF: Record<string, string> = { "sqs:SendMessageBatch": "sqs:SendMessage" };

/** Powertools Parameters functions (static or dynamic import) → the API action each makes. */
const POWERTOOLS: Record<string, Record<string, string>> = {
  "@aws-lambda-powertools/parameters/ssm": { getParameter: "ssm:GetParameter", getParameters: "ssm:GetParametersByPath" },
  "@aws-lambda-powertools/parameters/secrets": { getSecret: "secretsmanager:GetSecretValue" },
};

const IMPORT = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*["']@aws-sdk\/([a-z0-9-]+)["']/g;

export async function reachedSources(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs).filter((f) => !f.includes("node_modules"));
}

/** IAM actions (e.g. `dynamodb:PutItem`) for the SDK commands the handler's code imports. */
export async function sdkActions(entry: string): Promise<string[]> {
  const actions = new Set<string>();
  for (const file of await reachedSources(entry)) {
    const text = readFileSync(join(root, file), "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const [, names, pkg] = m;
      const service = SERVICE[pkg!];
      if (!service) {
        if (pkg!.startsWith("client-")) throw new Error(`${file}: no IAM prefix known for @aws-sdk/${pkg}`);
        continue;
      }
      for (const raw of names!.split(",")) {
        const name = raw.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!;
        const command = /^([A-Z]\w+)Command$/.exec(name)?.[1];
        const paginated = /^paginate([A-Z]\w+)$/.exec(name)?.[1];
        for (const call of [command, paginated]) if (call) actions.add(ACTION_OF[`${service}:${call}`] ?? `${service}:${call}`);
      }
    }
    for (const [module, calls] of Object.entries(POWERTOOLS)) {
      if (!text.includes(`"${module}"`)) continue;
      for (const [fn, action] of Object.entries(calls)) if (new RegExp(`\\b${fn}\\(`).test(text)) actions.add(action);
    }
  }
  return [...actions].sort();
}
