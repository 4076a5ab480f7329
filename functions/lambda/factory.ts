// The one way every function becomes a Lambda handler: settings validated once at cold start
// (a bad setting is logged once, then fails every invocation with the same ConfigError),
// middy with the Powertools middlewares (Lambda context in every log line, EMF metrics flushed
// after every invocation, also when it fails), and a failed invocation logged, then rethrown
// so that Lambda or the scheduler retries it.

import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { ConfigError } from "../../shared/errors.ts";
import type { Env } from "../../shared/sinks/index.ts";
import { createObservability, type Observability } from "./observability.ts";

/** What one function is: its cold-start set-up and its work per invocation. */
export interface LambdaApp<E, R> {
  /** Cold start: read settings, build clients; throws ConfigError on a bad setting. */
  init(env: Env, obs: Observability): R;
  invoke(event: E, ready: R, context: Context, obs: Observability): Promise<unknown>;
  /** Logged when an invocation fails (says who retries it). */
  failure: string;
}

export function lambdaHandler<E, R>(functionName: string, env: Env, app: LambdaApp<E, R>) {
  const obs = createObservability(env, functionName);
  let ready: { value: R } | undefined;
  let initError: unknown;
  try {
    ready = { value: app.init(env, obs) };
  } catch (e) {
    initError = e;
    // Only our own messages: a ConfigError never carries a secret.
    obs.logger.error("invalid configuration; every invocation will fail until it is fixed", {
      error: e instanceof ConfigError ? e.message : String((e as Error)?.name ?? e),
    });
  }

  const core = async (event: E, context: Context): Promise<unknown> => {
    if (!ready) throw initError;
    try {
      return await app.invoke(event, ready.value, context, obs);
    } catch (e) {
      obs.logger.error(app.failure, { error: `${(e as Error).name}: ${(e as Error).message}` });
      throw e;
    }
  };

  return middy(core)
    .use(injectLambdaContext(obs.logger, { resetKeys: true }))
    .use(logMetrics(obs.metrics, { captureColdStartMetric: true }));
}
