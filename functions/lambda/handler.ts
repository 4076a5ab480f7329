// The event functions (audit-logs, cloudtrail, sweep) on the one handler factory (factory.ts):
// at cold start the settings, the store and the sinks; per invocation, the function's Run.

import type { Context } from "aws-lambda";
import { DynamoIo } from "../../shared/store/dynamo-io.ts";
import { DynamoStore, type DynamoStoreOptions } from "../../shared/store/dynamo-store.ts";
import { readFleetCniRoles } from "../../shared/store/fleet-roles.ts";
import { systemClock, type Clock } from "../../shared/delivery/clock.ts";
import { renderAlert } from "../../shared/rules/render-alert.ts";
import type { RuleSet } from "../../shared/rules/registry.ts";
import type { Placement } from "../../shared/types.ts";
import { createSinks, type Env } from "../../shared/sinks/index.ts";
import { checkRoutes, createNamedSinks } from "../../shared/routing/named-sinks.ts";
import { cachedLedger } from "../../shared/routing/silencing.ts";
import { SilenceStore } from "../../shared/store/silence-store.ts";
import type { Invocation, Runtime } from "./batch.ts";
import { createAwsClients, SLACK_TIMEOUT_MS, type AwsClients } from "./clients.ts";
import { lambdaHandler } from "./factory.ts";
import { secretsMaxAgeSeconds, ssmSecretReader } from "./secrets.ts";
import { readLambdaSettings, type LambdaSettings } from "./settings.ts";

export interface HandlerDeps {
  env?: Env;
  /** For the Slack webhook (tests: default global fetch). */
  fetch?: typeof fetch;
  clock?: Clock;
  clients?: AwsClients;
  /** Reads a sink's secret parameter (default: SSM through Powertools Parameters, secrets.ts). */
  readSecret?: (name: string) => Promise<string>;
}

export interface RunContext extends Invocation {
  /** The function's account, from its ARN: the default placement of events that name none. */
  account: string | null;
  settings: LambdaSettings;
}

/** What one function does with its event, and the rules it needs (nothing else is bundled). */
export interface Run<E> {
  rules: RuleSet;
  /** For a function that lists what is owed (the sweep): the store's Scan (shared/store/dynamo-scan.ts). */
  listOwed?: DynamoStoreOptions["listOwed"];
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
  return lambdaHandler<E, { rt: Runtime; settings: LambdaSettings }>(functionName, deps.env ?? process.env, {
    init(env, obs) {
      const settings = readLambdaSettings(env);
      const clients = deps.clients ?? createAwsClients();
      const sinkDeps = {
        sns: clients.sns,
        slackTimeoutMs: SLACK_TIMEOUT_MS,
        readSecret: deps.readSecret ?? ssmSecretReader(secretsMaxAgeSeconds(env)),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      };
      // The environment's own sinks, then the named ones of the settings (each its own state).
      const sinks = [...createSinks(settings.sinks, sinkDeps), ...createNamedSinks(settings.config.namedSinks, sinkDeps)];
      checkRoutes(settings.config.routes, sinks);
      if (sinks.length === 0) obs.logger.warn("no sinks configured: alerts are folded and recorded, not sent");
      const clock = deps.clock ?? systemClock;
      const silences = new SilenceStore(new DynamoIo(clients.dynamo, settings.table));
      return {
        settings,
        rt: {
          ...obs,
          config: settings.config,
          rules: run.rules,
          store: new DynamoStore({
            client: clients.dynamo,
            table: settings.table,
            now: () => clock.now(),
            ...(run.listOwed ? { listOwed: run.listOwed } : {}),
          }),
          fleetCniRoles: () => readFleetCniRoles(new DynamoIo(clients.dynamo, settings.table)),
          sinks,
          silences: cachedLedger(silences, () => clock.now()),
          silenceRegistry: silences,
          clock,
          render: (folded) => renderAlert(run.rules, folded),
        },
      };
    },
    invoke: (event, { rt, settings }, context: Context) =>
      run.handle(event, rt, {
        requestId: context.awsRequestId,
        remainingMs: () => context.getRemainingTimeInMillis(),
        account: accountOf(context.invokedFunctionArn),
        settings,
      }),
    // Lambda retries it (then the DLQ); pending alerts wait in the store.
    failure: "invocation failed; Lambda will retry it",
  });
}
