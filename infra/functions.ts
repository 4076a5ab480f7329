// One place for what every auditor Lambda shares: arm64 (cheaper per GB-s than x86_64),
// nodejs22.x, JSON logs in its own log group with a retention, async retries with an
// on-failure destination (SQS), and IAM statements from permissions.ts. The role gets no
// managed policy: AWSLambdaBasicExecutionRole would allow writing to every log group
// ("Resource": "*"); this role may write to its own log group only.
import type { FunctionName, InfraConfig, LogRetention } from "./config.ts";
import type { FunctionPolicy, Statement } from "./permissions.ts";

export interface AuditorFunctionArgs {
  /** `functions/<name>.handler` (bundled by SST from functions/<name>.ts). */
  handler: string;
  description: string;
  memory: `${number} MB`;
  timeout: `${number} seconds` | `${number} minutes`;
  environment: Record<string, $util.Input<string>>;
  policy: FunctionPolicy<$util.Output<string>>;
  /** Queue that receives the events of failed async invocations (after retries). */
  onFailure: aws.sqs.Queue;
}

/** Lambda retries a failed async invocation twice (the maximum) before the destination. */
export const ASYNC_RETRIES = 2;

const RETENTION_DAYS: Record<LogRetention, number> = {
  "1 week": 7,
  "2 weeks": 14,
  "1 month": 30,
  "3 months": 90,
  "6 months": 180,
  "1 year": 365,
};

export function auditorFunction(name: FunctionName, args: AuditorFunctionArgs, config: InfraConfig): sst.aws.Function {
  const logGroup = new aws.cloudwatch.LogGroup(`${name}Logs`, {
    name: `/aws/lambda/${$app.name}-${$app.stage}-${name}`,
    retentionInDays: RETENTION_DAYS[config.logRetention],
  });
  const writeLogs: Statement<$util.Output<string>> = { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [$interpolate`${logGroup.arn}:*`] };
  const statements = [...args.policy.calls, ...args.policy.platform, writeLogs];
  const reserved = config.reservedConcurrency[name];
  return new sst.aws.Function(name, {
    handler: args.handler,
    description: args.description,
    runtime: "nodejs22.x",
    architecture: "arm64",
    memory: args.memory,
    timeout: args.timeout,
    environment: {
      POWERTOOLS_SERVICE_NAME: "cni-auditor",
      POWERTOOLS_METRICS_NAMESPACE: "CniAuditor",
      ...args.environment,
    },
    permissions: statements.map((s) => ({
      actions: s.actions,
      resources: s.resources,
      ...(s.conditions ? { conditions: s.conditions } : {}),
    })),
    logging: { logGroup: logGroup.name, format: "json" },
    // Off unless configured (infra/config.ts): reserving fails the deploy on a low quota.
    ...(reserved !== undefined ? { concurrency: { reserved } } : {}),
    // splitting: the SDK's on-demand imports (SSO/INI/web-identity credential providers and
    // their nested clients) become chunks Lambda never loads: ~100 KB less to parse at cold
    // start (measured by `npm run bench`, same setting as scripts/build.mjs).
    nodejs: { minify: true, splitting: true, esbuild: { mainFields: ["module", "main"] } },
    retries: ASYNC_RETRIES,
    transform: {
      role: (a) => {
        a.managedPolicyArns = [];
      },
      eventInvokeConfig: (a) => {
        a.destinationConfig = { onFailure: { destination: args.onFailure.arn } };
      },
    },
  });
}
