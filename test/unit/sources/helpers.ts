// Shared helpers for the decoder tests: fixtures, gzip/base64 builders, default options.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { DecodeOptions } from "../../../shared/sources/index.ts";
import type { Placement } from "../../../shared/types.ts";

const FIXTURES = new URL("../../fixtures/sources/", import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}

export function fixture<T = any>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export const NO_DEFAULTS: Placement = { cluster: null, account: null, region: null };
export const DEFAULTS: Placement = { cluster: "default-cluster", account: "999988887777", region: "ap-south-1" };

export function opts(defaults: Placement = NO_DEFAULTS, extra: Partial<DecodeOptions> = {}): DecodeOptions {
  return { defaults, ...extra };
}

export const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "utf8"));
export const gz = (text: string): Uint8Array => new Uint8Array(gzipSync(Buffer.from(text, "utf8")));
export const jsonl = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join("\n") + "\n";

/** The Lambda event of a CloudWatch Logs subscription for a decoded payload. */
export function awslogsEvent(payload: unknown): { awslogs: { data: string } } {
  return { awslogs: { data: Buffer.from(gzipSync(Buffer.from(JSON.stringify(payload)))).toString("base64") } };
}

/** A DATA_MESSAGE payload carrying these audit records as log event messages. */
export function payloadOf(
  records: unknown[],
  over: Record<string, unknown> = {},
  firstId = 1000,
): Record<string, unknown> {
  return {
    messageType: "DATA_MESSAGE",
    owner: "111122223333",
    logGroup: "/aws/eks/demo-cluster/cluster",
    logStream: "kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b",
    subscriptionFilters: ["vpc-cni-auditor-403"],
    logEvents: records.map((r, i) => ({
      id: String(firstId + i),
      timestamp: 1716797730000 + i,
      message: typeof r === "string" ? r : JSON.stringify(r),
    })),
    ...over,
  };
}

export function auditSample(over: Record<string, unknown> = {}): Record<string, any> {
  return { ...fixture("audit-403-cninodes.json"), ...over };
}
