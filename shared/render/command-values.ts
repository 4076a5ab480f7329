// The grammars of the values that reach commands. A value from an event or an API is used in a
// command only when it fits its grammar; otherwise the command shows a placeholder and the
// remediation says why. Quoting (shell.ts) already makes any value inert; the grammar also
// keeps a command from acting on a name the caller made up to look like something else.
import { REGION } from "../core/region.ts";
import type { Placeholder } from "./shell.ts";

const PARTITION = "aws|aws-cn|aws-us-gov";
const IAM_NAME = "[\\w+=,.@-]";

interface Grammar {
  /** What the value is, for the reason line: "EKS cluster name". */
  what: string;
  placeholder: string;
  /** The placeholder when there was no value at all (default: `placeholder`). */
  missing?: string;
  test: RegExp;
}

export const GRAMMARS = {
  /** EKS CreateCluster: 1–100 characters, a letter or digit first. */
  cluster: { what: "EKS cluster name", placeholder: "<cluster-name>", missing: "<cluster>", test: /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/ },
  region: { what: "AWS region", placeholder: "<region>", test: REGION },
  account: { what: "AWS account id", placeholder: "<account-id>", missing: "<account>", test: /^\d{12}$/ },
  roleName: { what: "IAM role name", placeholder: "<role-name>", missing: "<role>", test: new RegExp(`^${IAM_NAME}{1,64}$`) },
  roleArn: { what: "IAM role ARN", placeholder: "<role-arn>", test: new RegExp(`^arn:(${PARTITION}):iam::\\d{12}:role/(${IAM_NAME}+/)*${IAM_NAME}{1,64}$`) },
  /** The principals simulate-principal-policy takes: roles and users. */
  principalArn: { what: "IAM principal ARN", placeholder: "<role-arn>", test: new RegExp(`^arn:(${PARTITION}):iam::\\d{12}:(role|user)/(${IAM_NAME}+/)*${IAM_NAME}{1,64}$`) },
  oidcProviderArn: { what: "IAM OIDC provider ARN", placeholder: "<oidc-provider-arn>", test: new RegExp(`^arn:(${PARTITION}):iam::\\d{12}:oidc-provider/[A-Za-z0-9.-]+(/[A-Za-z0-9._-]+)*$`) },
  clusterArn: { what: "EKS cluster ARN", placeholder: "<cluster-arn>", test: new RegExp(`^arn:(${PARTITION}):eks:[a-z0-9-]+:\\d{12}:cluster/[0-9A-Za-z][A-Za-z0-9_-]{0,99}$`) },
  /** EKS Cluster Insight ids (UUIDs, or ids of the same alphabet). */
  insightId: { what: "Cluster Insight id", placeholder: "<insight-id>", test: /^[A-Za-z0-9-]{1,64}$/ },
  timestamp: { what: "ISO-8601 time", placeholder: "<time>", test: /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/ },
  oidcIssuer: { what: "OIDC issuer", placeholder: "<issuer>", test: /^[A-Za-z0-9.-]+(\/[A-Za-z0-9._-]+)*$/ },
  /** Kubernetes object names: a DNS-1123 subdomain. */
  k8sName: { what: "Kubernetes object name", placeholder: "<name>", test: /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/ },
  /** Namespaces: a DNS-1123 label. */
  namespace: { what: "Kubernetes namespace", placeholder: "<namespace>", test: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/ },
  /** Users and service accounts as `kubectl --as` takes them (system:serviceaccount:ns:name, eks:…). */
  k8sUser: { what: "Kubernetes user name", placeholder: "<user>", test: /^[A-Za-z0-9][A-Za-z0-9:._@-]{0,252}$/ },
  k8sVerb: { what: "Kubernetes verb", placeholder: "<verb>", test: /^[a-z]{1,32}$/ },
  /** Resources, optionally `resource.group` or `resource/subresource`. */
  k8sResource: { what: "Kubernetes resource", placeholder: "<resource>", test: /^[a-z0-9][a-z0-9.-]{0,252}(\/[a-z0-9-]{1,63})?$/ },
  addonName: { what: "EKS add-on name", placeholder: "<addon-name>", test: /^[a-z0-9][a-z0-9._-]{0,99}$/ },
  addonVersion: { what: "add-on version", placeholder: "<version>", test: /^v?\d+\.\d+\.\d+[0-9A-Za-z.+-]{0,60}$/ },
  /** `ec2:CreateNetworkInterface` style action names. */
  iamAction: { what: "IAM action", placeholder: "<action>", test: /^[a-z0-9-]{1,32}:[A-Za-z0-9*]{1,128}$/ },
} satisfies Record<string, Grammar>;

export type ValueKind = keyof typeof GRAMMARS;

/** How much of a rejected value the reason line quotes. */
const QUOTED_MAX = 60;

/**
 * `value` when it fits the grammar of `kind`; otherwise its placeholder, with a reason that quotes
 * the rejected value (the renderers make that quote inert). A missing value gets the placeholder
 * and no reason.
 */
export function checked(kind: ValueKind, value: string | null | undefined): string | Placeholder {
  const g: Grammar = GRAMMARS[kind];
  if (value === null || value === undefined || value === "") return { placeholder: g.missing ?? g.placeholder, rejected: null };
  if (g.test.test(value)) return value;
  const quoted = value.length > QUOTED_MAX ? `${value.slice(0, QUOTED_MAX)}…` : value;
  return { placeholder: g.placeholder, rejected: { value: quoted, what: g.what } };
}

/** A placeholder for a value the remediation never had (`<cni-role>`, `<version>`). */
export function blank(placeholder: string): Placeholder {
  return { placeholder, rejected: null };
}

/** The role name of a role ARN, when the ARN has its grammar (a path is allowed); else a placeholder. */
export function roleNameOf(arn: string | null): string | Placeholder {
  const ok = checked("roleArn", arn);
  if (typeof ok !== "string") return ok.rejected ? ok : blank("<role>");
  return ok.slice(ok.lastIndexOf("/") + 1);
}
