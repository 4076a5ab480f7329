// One sink, one delivery: retry what can succeed later (Slack 429 after its Retry-After, 5xx,
// timeouts) with exponential backoff and full jitter, but only while the invocation has time.

import { SinkDeliveryError } from "../errors.ts";
import { SinkRateLimitedError } from "../errors.ts";
import type { AlertSink, Delivery } from "../sinks/sink.ts";
import type { Clock, DeliveryLog } from "./clock.ts";

export interface RetryPolicy {
  /** Wall-clock ms after which no new attempt or wait starts. */
  deadlineMs: number;
  /** First backoff step (default 250 ms); doubles per attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
  /** [0, 1): jitter source, injectable for tests. */
  random?: () => number;
}

export type SendOutcome = { ok: true; attempts: number } | { ok: false; attempts: number; error: SinkDeliveryError };

export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const cap = Math.min(policy.maxBackoffMs ?? 5000, (policy.baseBackoffMs ?? 250) * 2 ** attempt);
  return Math.round(cap * (policy.random ?? Math.random)());
}

function asSinkError(sink: string, e: unknown): SinkDeliveryError {
  if (e instanceof SinkDeliveryError) return e;
  // A bug or an unexpected failure: trying again may work, and failing loudly keeps the alert pending.
  return new SinkDeliveryError(sink, e instanceof Error ? `${e.name}: ${e.message}` : "send failed", { retryable: true, cause: e });
}

export async function sendWithRetry(
  sink: AlertSink,
  delivery: Delivery,
  clock: Clock,
  policy: RetryPolicy,
  log: DeliveryLog,
): Promise<SendOutcome> {
  const maxAttempts = policy.maxAttempts ?? 8;
  for (let attempt = 0; ; ) {
    try {
      attempt++;
      await sink.send(delivery);
      return { ok: true, attempts: attempt };
    } catch (e) {
      const error = asSinkError(sink.name, e);
      const wait = error instanceof SinkRateLimitedError ? error.retryAfterMs : backoffMs(attempt - 1, policy);
      const where = { sink: sink.name, dedupKey: delivery.alert.dedupKey, attempt, reason: error.message };
      if (!error.retryable || attempt >= maxAttempts) return { ok: false, attempts: attempt, error };
      if (clock.now() + wait >= policy.deadlineMs) {
        log.warn("sink still failing and the invocation has no time left to retry", { ...where, waitMs: wait });
        return { ok: false, attempts: attempt, error };
      }
      log.warn("sink failed, retrying", { ...where, waitMs: wait });
      await clock.sleep(wait);
    }
  }
}
