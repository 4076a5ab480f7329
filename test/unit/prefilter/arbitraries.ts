// fast-check generators for the prefilter's property tests: audit records whose fields are
// drawn mostly from the values triggers name (so matches are common), and a JSON writer that
// spells one value many ways JSON.parse reads alike — any key order, whitespace between any
// tokens, \uXXXX and \/ escapes in keys and strings, numbers as 403, 403.0, 4.03e2, 40300E-2.
import fc from "fast-check";
import type { K8sAuditRecord } from "../../../shared/types.ts";

export const TRIGGER_CODES = [403, 200, 201, 404, 409, 399, 400, 401, 500];
export const TRIGGER_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
export const TRIGGER_RESOURCES = ["cninodes", "daemonsets", "serviceaccounts", "configmaps", "clusterroles", "clusterrolebindings", "eniconfigs", "pods", "leases"];
export const TRIGGER_USERS = [
  "eks:vpc-resource-controller",
  "eks:addon-manager",
  "system:serviceaccount:kube-system:aws-node",
  "system:serviceaccount:kube-system:cni-metrics-helper",
  "system:node:ip-10-0-1-2.eu-west-1.compute.internal",
  "arn:aws:sts::111122223333:assumed-role/Admin/alice", // a slash: `\/` can spell part of it
  "ops & <oncall>", // Go escapes & < > as \u0026 \u003c \u003e
  'quote"d\\user',
  "ünïcødé",
];

/** Mostly a listed value, sometimes anything. */
const mostly = <T>(values: readonly T[], other: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 5 }, { arbitrary: other, weight: 1 });

const text = fc.string({ unit: "grapheme", maxLength: 12 });

/** Keys that reuse the prefilter's key names in the wrong places (decoys). */
const decoy = fc.dictionary(
  fc.constantFrom("code", "verb", "resource", "username", "subresource", "objectRef", "message", "x"),
  fc.oneof(text, fc.integer(), fc.constant({ subresource: "status" })),
  { maxKeys: 3 },
);

export const auditRecord: fc.Arbitrary<K8sAuditRecord> = fc.record(
  {
    kind: fc.constant("Event"),
    apiVersion: fc.constant("audit.k8s.io/v1"),
    level: fc.constantFrom("Metadata", "Request", "RequestResponse"),
    auditID: fc.uuid(),
    stage: fc.constantFrom("ResponseComplete", "ResponseStarted"),
    requestURI: mostly(["/api/v1/pods?limit=500&watch=true", "/apis/vpcresources.k8s.aws/v1alpha1/cninodes/n1"], text),
    verb: mostly(TRIGGER_VERBS, text),
    user: fc.record(
      {
        username: mostly(TRIGGER_USERS, text),
        uid: fc.uuid(),
        groups: fc.array(text, { maxLength: 2 }),
        extra: fc.dictionary(text, fc.array(text, { maxLength: 2 }), { maxKeys: 2 }),
      },
      { requiredKeys: [] },
    ),
    impersonatedUser: fc.record({ username: mostly(TRIGGER_USERS, text) }),
    sourceIPs: fc.array(fc.ipV4(), { maxLength: 2 }),
    userAgent: text,
    objectRef: fc.record(
      {
        resource: mostly(TRIGGER_RESOURCES, text),
        namespace: fc.constantFrom("kube-system", "default"),
        name: fc.constantFrom("aws-node", "amazon-vpc-cni", "n1"),
        apiGroup: fc.constantFrom("apps", "vpcresources.k8s.aws", "rbac.authorization.k8s.io"),
        apiVersion: fc.constantFrom("v1", "v1alpha1"),
        // null: the decoder drops it (absent), which noSubresource must see the same way.
        subresource: fc.constantFrom("status", "token", null as unknown as string),
      },
      { requiredKeys: [] },
    ),
    responseStatus: fc.record(
      {
        code: mostly(TRIGGER_CODES, fc.integer({ min: -1, max: 999 })),
        status: fc.constantFrom("Failure", "Success"),
        reason: fc.constantFrom("Forbidden", "NotFound"),
        message: text,
      },
      { requiredKeys: [] },
    ),
    requestReceivedTimestamp: fc.constant("2026-03-02T09:00:00.000001Z"),
    stageTimestamp: fc.constant("2026-03-02T09:00:00.000002Z"),
    annotations: fc.dictionary(text, text, { maxKeys: 2 }),
    requestObject: decoy,
    responseObject: decoy,
  },
  { requiredKeys: ["auditID", "stageTimestamp"] },
) as fc.Arbitrary<K8sAuditRecord>;

/** How to spell a JSON document: choices are drawn per token from these rates. */
export interface Spelling {
  seed: number;
  whitespace: number;
  escapeRate: number;
  odds: number;
  shuffle: boolean;
}

export const spelling: fc.Arbitrary<Spelling> = fc.record({
  seed: fc.integer(),
  whitespace: fc.constantFrom(0, 0, 0.3),
  escapeRate: fc.constantFrom(0, 0, 0.2, 1),
  odds: fc.constantFrom(0, 0.5),
  shuffle: fc.boolean(),
});

/** Writes `value` as JSON, spelled as `s` says; JSON.parse of the result equals `value`. */
export function spell(value: unknown, s: Spelling): string {
  let state = s.seed >>> 0 || 1;
  const rand = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const ws = (): string => (rand() < s.whitespace ? [" ", "\n", "\t", "\r\n  "][Math.floor(rand() * 4)]! : "");
  const str = (t: string): string => {
    let out = "";
    for (const ch of JSON.stringify(t).slice(1, -1).match(/\\u[0-9a-f]{4}|\\.|[\s\S]/g) ?? []) {
      if (ch.length > 1 || rand() >= s.escapeRate) out += ch.startsWith("\\") ? ch : ch === "/" && rand() < 0.5 ? "\\/" : ch;
      else {
        const hex = ch.charCodeAt(0).toString(16).padStart(4, "0");
        out += "\\u" + (rand() < 0.5 ? hex : hex.toUpperCase());
      }
    }
    return `"${out}"`;
  };
  const num = (n: number): string => {
    if (!Number.isInteger(n) || n === 0 || rand() >= s.odds) return String(n);
    return [`${n}.0`, `${n / 100}e2`, `${n * 100}E-2`, `${n}e+0`][Math.floor(rand() * 4)]!;
  };
  const write = (v: unknown): string => {
    if (typeof v === "string") return str(v);
    if (typeof v === "number") return num(v);
    if (v === null || typeof v === "boolean") return String(v);
    if (Array.isArray(v)) return `[${ws()}${v.map((x) => write(x) + ws()).join(`,${ws()}`)}]`;
    const entries = Object.entries(v as Record<string, unknown>);
    if (s.shuffle) entries.sort(() => rand() - 0.5);
    return `{${ws()}${entries.map(([k, x]) => `${str(k)}${ws()}:${ws()}${write(x)}${ws()}`).join(`,${ws()}`)}}`;
  };
  return ws() + write(value) + ws();
}
