// The cloudtrail function: EventBridge CloudTrail events through the CloudTrail rules.
import { CLOUDTRAIL_RULES } from "../../shared/rules/cloudtrail-rules.ts";
import { decodeEventBridgeEvent } from "../../shared/sources/index.ts";
import { processBatch, type Runtime } from "./batch.ts";
import { isSqsEvent, processSqsBatch } from "./sqs-batch.ts";
import { placementDefaults, type Run } from "./handler.ts";
import type { FleetKnowledge } from "../../shared/store/fleet-roles.ts";
import { logsSubscriber, subscribeNewLogGroups, type Subscriber } from "./coverage.ts";
import type { NormalizedEvent } from "../../shared/types.ts";

/** Per container: the CloudWatch Logs client of coverage (tests replace it). */
export const coverage: { subscriber: Subscriber } = { subscriber: logsSubscriber() };

/** How long a container trusts the fleet's CNI roles before reading them again (the report is daily). */
const FLEET_ROLES_TTL_MS = 10 * 60_000;
const fleetRoles = new WeakMap<Runtime, FleetKnowledge & { readAtMs: number }>();

/**
 * The runtime with the CNI roles the last fleet report found added to the configured ones, so
 * `eni-unauthorized` attributes their denied calls to the CNI whatever their user agent says,
 * with their simulated permissions (addon-version-changed) and the clusters where aws-node has a
 * Pod Identity association (credentials-denied).
 */
async function withFleetRoles(rt: Runtime): Promise<Runtime> {
  if (!rt.fleetKnowledge) return rt;
  const now = rt.clock.now();
  let known = fleetRoles.get(rt);
  if (!known || now - known.readAtMs >= FLEET_ROLES_TTL_MS) {
    known = { readAtMs: now, ...(await rt.fleetKnowledge()) };
    fleetRoles.set(rt, known);
  }
  const extra = known.roles.filter((r) => !rt.config.cniRoleArns.includes(r));
  const permissions = known.permissions.length > 0 ? { fleetPermissions: known.permissions } : {};
  const podIdentity = known.podIdentity ? { fleetPodIdentity: known.podIdentity } : {};
  if (extra.length === 0 && known.permissions.length === 0 && !known.podIdentity) return rt;
  return { ...rt, config: { ...rt.config, cniRoleArns: [...rt.config.cniRoleArns, ...extra], ...permissions, ...podIdentity } };
}

/**
 * EventBridge "AWS API Call via CloudTrail" events: batched through the deployment's SQS queue
 * (sqs-batch.ts), or one event per invocation when a rule targets the function directly.
 */
export const runCloudTrail: Run<unknown> = {
  rules: CLOUDTRAIL_RULES,
  async handle(event, rt, ctx) {
    const defaults = placementDefaults(ctx);
    const seen: NormalizedEvent[] = [];
    const subscribe = () => subscribeNewLogGroups(seen, ctx.settings.coverage, ctx.account, coverage.subscriber, rt.logger);
    if (isSqsEvent(event)) {
      const decode = (body: unknown, origin: string, d: typeof defaults) => {
        const out = decodeEventBridgeEvent(body, { defaults: d, origin });
        seen.push(...out.events);
        return out;
      };
      const result = await processSqsBatch(rt, event, ctx, decode, defaults, withFleetRoles);
      await subscribe();
      return result;
    }
    const decoded = decodeEventBridgeEvent(event, { defaults });
    seen.push(...decoded.events);
    const result = await processBatch(decoded.events.length > 0 ? await withFleetRoles(rt) : rt, decoded, ctx);
    await subscribe();
    return result;
  },
};
