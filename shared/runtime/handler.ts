// Building a Lambda handler: settings validated once at cold start, clients and sinks made once
// per container, middy with the Powertools middlewares (Lambda context in every log line, EMF
// metrics flushed after every invocation, also when it fails).

import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { DynamoIo } from "../store/dynamo-io.ts";
import { DynamoStore } from "../store/dynamo-store.ts";
import { readFleetCniRoles } from "../store/fleet-roles.ts";
import { systemClock, type Clock } from "../delivery/clock.ts";
import { ConfigError } from "../errors.ts";
import { renderAlert } from "../render/render-alert.ts";
import type { RuleSet } from "../rules/registry.ts";
import type { Placement } from "../types.ts";
import { createSinks, type Env } from "../sinks/index.ts";
import type { Invocation, Runtime } from "./batch.ts";
import { createAwsClients, SLACK_TIMEOUT_MS, type AwsClients } from "./clients.ts";
import { createObservability } from "./observability.ts";
import { readLambdaSettings, type LambdaSettings } from "./settings.ts";

export interface HandlerDeps {
  env?: Env;
  /** For the Slack webhook (tests: default global fetch). */
  fetch?: typeof fetch;
  clock?: Clock;
  clients?: AwsClients;
}

export interface RunContext extends Invocation {
  /** The function's account, from its ARN: the default placement of events that name none. */
  account: string | null;
  settings: LambdaSettings;
}

/** What one function does with its event, and the rules it needs (nothing else is bundled). */
export interface Run<E> {
  rules: RuleSet;
  handle(event: E, rt: Runtime, ctx: RunContext): Promise<unknown>;
}

/** Where events that name no account or region happened: this function's account and region. */
export function placementDefaults(ctx: RunContext): Placement {
  return { cluster: null, account: ctx.account, region: ctx.settings.region };
}

function accountOf(arn: string | undefined): string | null {
  return /^arn:aws[a-z-]*:lambda:[^:]*:(\d{12}):/.exec(arn ?? "")?.[1] ?? null;
}

export function createHandler<E>(functionName: string, run: Run<E>, deps: HandlerDeps = {}) {
  const env = deps.env ?? process.env;
  const obs = createObservability(env, functionName);
  let ready: { rt: Runtime; settings: LambdaSettings } | undefined;
  let initError: unknown;
  try {
    const settings = readLambdaSettings(env);
    const clients = deps.clients ?? createAwsClients();
    const sinks = createSinks(settings.sinks, { sns: clients.sns, slackTimeoutMs: SLACK_TIMEOUT_MS, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    if (sinks.length === 0) obs.logger.warn("no sinks configured: alerts are folded and recorded, not sent");
    const clock = deps.clock ?? systemClock;
    ready = {
      settings,
      rt: {
        ...obs,
        config: settings.config,
        rules: run.rules,
        store: new DynamoStore({ client: clients.dynamo, table: settings.table, now: () => clock.now() }),
        fleetCniRoles: () => readFleetCniRoles(new DynamoIo(clients.dynamo, settings.table)),
        sinks,
        clock,
        render: (folded) => renderAlert(run.rules, folded),
      },
    };
  } catch (e) {
    initError = e;
    // Only our own messages: a ConfigError never carries the webhook URL.
    obs.logger.error("invalid configuration; every invocation will fail until it is fixed", {
      error: e instanceof ConfigError ? e.message : String((e as Error)?.name ?? e),
    });
  }

  const core = async (event: E, context: Context): Promise<unknown> => {
    if (!ready) throw initError;
    try {
      return await run.handle(event, ready.rt, {
        requestId: context.awsRequestId,
        remainingMs: () => context.getRemainingTimeInMillis(),
        account: accountOf(context.invokedFunctionArn),
        settings: ready.settings,
      });
    } catch (e) {
      // Fail the invocation so Lambda retries it (then the DLQ); pending alerts wait in the store.
      obs.logger.error("invocation failed; Lambda will retry it", { error: `${(e as Error).name}: ${(e as Error).message}` });
      throw e;
    }
  };

  return middy(core)
    .use(injectLambdaContext(obs.logger, { resetKeys: true }))
    .use(logMetrics(obs.metrics, { captureColdStartMetric: true }));
}
