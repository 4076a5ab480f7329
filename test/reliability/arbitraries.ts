// fast-check arbitraries for hostile values. A value is described as JSON *text*, because
// some hostile inputs only exist as text: 100k levels of nesting (built lazily, never as a
// JS value that a matcher would recurse into), 1e400 (Infinity after parsing), duplicate keys,
// `__proto__` keys (an own property only when JSON.parse creates it).
import fc from "fast-check";

export const DEEP = 100_000;
export const deepArray = (depth = DEEP): string => "[".repeat(depth) + "]".repeat(depth);
export const deepObject = (depth = DEEP): string => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

/** Strings that code might treat as property names or special tokens. */
const SPECIAL_STRINGS = [
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf",
  "", " ", "null", "undefined", "NaN", "Infinity", "-1", "1e400", "true",
  "eks:vpc-resource-controller", "system:serviceaccount:kube-system:aws-node", "eks:addon-manager",
  "cninodes", "daemonsets", "aws-node", "kube-system", "patch", "delete", "vpc-cni",
  "2024-05-27T08:15:30Z", "2024-13-45T99:99:99Z", "9999-12-31T23:59:59Z",
  "\u0000", "\ud800", "\udfff\ud800", "\u202e", "\ufeff", "\u2028", "😀".repeat(3),
  "arn:aws:iam::111122223333:role/x", "arn:aws:sts::111122223333:assumed-role/r/i-0123456789abcdef0",
];

/** JSON text of one hostile value. */
export const hostileJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS).map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.constantFrom("1e400", "-1e400", "1e308", "-0", "0.1", "9007199254740993", "403", "403.0", "4.03e2") },
  { weight: 2, arbitrary: fc.constantFrom("null", "true", "false", "[]", "{}", '[null]', '[1,"a",{}]', '{"":""}') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"a":1,"a":2,"a":"dup"}',
      '["__proto__","constructor"]',
      '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(deepArray(), deepObject(), deepArray(5000)) },
  { weight: 1, arbitrary: fc.constantFrom(1_000_000, 3_000_000).map((n) => JSON.stringify("x".repeat(n))) },
);

/** The fields the rules and decoders read, per record kind (paths inside the record). */
export const AUDIT_FIELDS: string[][] = [
  ["kind"], ["apiVersion"], ["auditID"], ["stage"], ["requestURI"], ["verb"], ["userAgent"],
  ["user"], ["user", "username"], ["user", "groups"], ["user", "extra"],
  ["impersonatedUser"], ["impersonatedUser", "username"], ["sourceIPs"],
  ["objectRef"], ["objectRef", "resource"], ["objectRef", "namespace"], ["objectRef", "name"],
  ["objectRef", "apiGroup"], ["objectRef", "subresource"],
  ["responseStatus"], ["responseStatus", "code"], ["responseStatus", "message"], ["responseStatus", "status"],
  ["requestReceivedTimestamp"], ["stageTimestamp"], ["annotations"],
];

export const CLOUDTRAIL_FIELDS: string[][] = [
  ["eventTime"], ["eventSource"], ["eventName"], ["awsRegion"], ["userAgent"], ["errorCode"], ["errorMessage"],
  ["eventID"], ["recipientAccountId"], ["readOnly"],
  ["userIdentity"], ["userIdentity", "arn"], ["userIdentity", "principalId"], ["userIdentity", "accountId"],
  ["userIdentity", "userName"], ["userIdentity", "identityProvider"],
  ["userIdentity", "sessionContext"], ["userIdentity", "sessionContext", "sessionIssuer"],
  ["userIdentity", "sessionContext", "sessionIssuer", "arn"], ["userIdentity", "sessionContext", "webIdFederationData"],
  ["userIdentity", "sessionContext", "webIdFederationData", "federatedProvider"], ["userIdentity", "sessionContext", "ec2RoleDelivery"],
  ["requestParameters"], ["requestParameters", "name"], ["requestParameters", "clusterName"], ["requestParameters", "addonName"],
  ["requestParameters", "addonVersion"], ["requestParameters", "configurationValues"], ["requestParameters", "resolveConflicts"],
  ["requestParameters", "podIdentityAssociations"], ["requestParameters", "preserve"], ["requestParameters", "description"],
  ["requestParameters", "roleArn"], ["requestParameters", "serviceAccountRoleArn"], ["requestParameters", "tagSpecificationSet"],
  ["requestParameters", "resourcesSet"], ["responseElements"], ["responseElements", "addon"], ["responseElements", "update"],
  ["responseElements", "subject"],
];

/** The EventBridge envelope's own fields. */
export const ENVELOPE_FIELDS: string[][] = [["id"], ["detail-type"], ["source"], ["account"], ["region"], ["time"], ["detail"]];

const MARK = "\u0001HOSTILE\u0001";

/**
 * `record` as JSON text with the value at `path` replaced by `json` (parents created when
 * missing). The value is spliced in as text, so deep or odd JSON never exists as a JS value here.
 */
export function withJsonAt(record: Record<string, unknown>, path: readonly string[], json: string): string {
  const copy = structuredClone(record);
  let cur: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    const next = cur[k];
    if (typeof next !== "object" || next === null || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path.at(-1)!] = MARK;
  return JSON.stringify(copy).replace(JSON.stringify(MARK), () => json);
}
