// What belongs to the auditor's own pipeline, as the blind-spot rules recognise it. SST names
// a stage's resources `<app>-<stage>-<name>` (infra/ gives the auditor's raw resources the same
// explicit names), so in replay, where the stack is unknown, the app-name prefix is the mark.
import { clusterFromLogGroup } from "../core/log-group.ts";
import type { CloudTrailRecord } from "../types.ts";
import { isObject } from "../core/object.ts";
import { strField } from "./predicates.ts";

export const AUDITOR_NAME_PREFIX = "cni-auditor-";

/** The cluster of an EKS control-plane log group (`/aws/eks/<cluster>/cluster`), or null for any other group. */
export function clusterOfLogGroup(logGroupName: string | null): string | null {
  return clusterFromLogGroup(logGroupName ?? undefined) ?? null;
}

/** The name at the end of an ARN or URL (`…:function:NAME`, `…/queue/NAME`, `…:rule/NAME`), or the text itself. */
export function resourceNameOf(nameOrArn: string): string {
  const qualifier = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  if (qualifier) return qualifier[1]!;
  const cut = Math.max(nameOrArn.lastIndexOf("/"), nameOrArn.startsWith("arn:") ? nameOrArn.lastIndexOf(":") : -1);
  return cut >= 0 ? nameOrArn.slice(cut + 1) : nameOrArn;
}

export function isAuditorResource(nameOrArn: string | null): boolean {
  return nameOrArn !== null && resourceNameOf(nameOrArn).startsWith(AUDITOR_NAME_PREFIX);
}

/** A string request parameter, or from the response where the request names the thing only by id. */
export function param(r: CloudTrailRecord, key: string): string | null {
  return strField(r.requestParameters, key) ?? strField(r.responseElements, key);
}

/** Whether a CloudTrail `PutEventSelectors` request leaves management events out of the trail. */
export function dropsManagementEvents(r: CloudTrailRecord): boolean {
  const p = r.requestParameters;
  if (!isObject(p)) return false;
  const basic = Array.isArray(p.eventSelectors) ? p.eventSelectors.filter(isObject) : null;
  const advanced = Array.isArray(p.advancedEventSelectors) ? p.advancedEventSelectors.filter(isObject) : null;
  if (advanced !== null && advanced.length > 0) {
    // Advanced selectors keep management events only where a selector says eventCategory = Management.
    return !advanced.some((s) =>
      (Array.isArray(s.fieldSelectors) ? s.fieldSelectors : []).some(
        (f) => isObject(f) && f.field === "eventCategory" && Array.isArray(f.equals) && f.equals.includes("Management"),
      ),
    );
  }
  if (basic !== null) return !basic.some((s) => s.includeManagementEvents !== false);
  return false;
}
