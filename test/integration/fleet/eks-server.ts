// A loopback EKS (REST-JSON) + STS (query/XML) server for the inventory tests. It answers in
// the services' wire format from test/fixtures/fleet/eks-wire-fleet.json: the account comes
// from the request's access key, the region from the SigV4 credential scope, lists are
// paginated with `nextToken`, and failures are injected per cluster and operation.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { ALLOW_EC2, answerSimulate, type PeerRole } from "../../helpers/peers/iam.ts";

type Body = Record<string, unknown>;
interface FailSpec {
  status: number;
  type: string;
  message: string;
}
interface ClusterFixture {
  cluster: Body;
  addons: Record<string, Body>;
  podIdentityAssociations?: Body[];
  insights?: Body[];
  nodegroups?: Record<string, Body>;
  fail?: Record<string, FailSpec>;
}
export interface WireFleet {
  accounts: Record<string, Record<string, Record<string, ClusterFixture>>>;
  addonVersions: Record<string, Body[]>;
  /** DescribeClusterVersions rows (every version when `includeAll`, else the supported ones). */
  clusterVersions?: Body[];
}

export interface RecordedRequest {
  operation: string;
  method: string;
  path: string;
  query: Record<string, string>;
  region: string | null;
  account: string | null;
  status: number;
}

export interface EksServerOptions {
  fleet?: WireFleet;
  pageSize?: number;
  /** Operations that answer 429 ThrottlingException once (the first time they are called). */
  throttleOnce?: string[];
  /** The account the base (non-assumed) access key belongs to. */
  baseAccount?: string;
  /** Role ARNs AssumeRole accepts; others get AccessDenied. Default: any. */
  assumableRoles?: string[];
  /** IAM's view of the CNI roles (iam:SimulatePrincipalPolicy); default: every EC2 action allowed. */
  iamRoles?: Record<string, PeerRole>;
}

export const BASE_ACCESS_KEY = "AKIAFAKEBASEKEY00001";
export const WIRE_FLEET_PATH = new URL("../../fixtures/fleet/eks-wire-fleet.json", import.meta.url);

export function loadWireFleet(): WireFleet {
  return JSON.parse(readFileSync(WIRE_FLEET_PATH, "utf8")) as WireFleet;
}

export interface EksServer {
  endpoint: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startEksServer(opts: EksServerOptions = {}): Promise<EksServer> {
  const fleet = opts.fleet ?? loadWireFleet();
  const pageSize = opts.pageSize ?? 1;
  const baseAccount = opts.baseAccount ?? "111122223333";
  const throttle = new Set(opts.throttleOnce ?? []);
  const requests: RecordedRequest[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://localhost");
      const auth = req.headers.authorization ?? "";
      const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(auth);
      const accessKey = scope?.[1] ?? "";
      const region = scope?.[2] ?? null;
      const account = accessKey === BASE_ACCESS_KEY ? baseAccount : (/(\d{12})$/.exec(accessKey)?.[1] ?? null);
      const rec: RecordedRequest = {
        operation: "?",
        method: req.method ?? "GET",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        region,
        account,
        status: 200,
      };
      requests.push(rec);
      const send = (status: number, payload: string, headers: Record<string, string>): void => {
        rec.status = status;
        res.writeHead(status, { "x-amzn-requestid": `req-${requests.length}`, ...headers });
        res.end(payload);
      };
      const json = (status: number, data: unknown): void => send(status, JSON.stringify(data), { "content-type": "application/json" });
      const error = (status: number, type: string, message: string): void =>
        send(status, JSON.stringify({ message }), { "content-type": "application/json", "x-amzn-errortype": type });

      if (req.method === "POST" && url.pathname === "/" && body.includes("Action=AssumeRole")) {
        rec.operation = "AssumeRole";
        return assumeRole(new URLSearchParams(body), opts.assumableRoles, send);
      }
      if (req.method === "POST" && url.pathname === "/" && body.includes("Action=SimulatePrincipalPolicy")) {
        rec.operation = "SimulatePrincipalPolicy";
        const a = answerSimulate(opts.iamRoles ?? (() => ALLOW_EC2), new URLSearchParams(body));
        return send(a.status, a.body ?? "", a.headers ?? {});
      }
      const route = routeOf(req.method ?? "GET", url.pathname);
      if (!route) return error(404, "NotFoundException", `no route ${req.method} ${url.pathname}`);
      rec.operation = route.operation;
      if (throttle.delete(route.operation)) return error(429, "ThrottlingException", "Rate exceeded");

      const regionFleet = (account && region && fleet.accounts[account]?.[region]) || {};
      const input: Record<string, string> = { ...rec.query, ...(body && req.method === "POST" ? (JSON.parse(body) as Record<string, string>) : {}) };
      const page = <T>(items: T[], key: string, extra: Body = {}): void => {
        const size = Math.min(pageSize, Number(input.maxResults ?? pageSize));
        const start = input.nextToken ? Number(Buffer.from(input.nextToken, "base64url").toString()) : 0;
        const end = start + size;
        const nextToken = end < items.length ? Buffer.from(String(end)).toString("base64url") : undefined;
        json(200, { [key]: items.slice(start, end), ...extra, ...(nextToken ? { nextToken } : {}) });
      };

      if (route.operation === "ListClusters") return page(Object.keys(regionFleet), "clusters");
      if (route.operation === "DescribeClusterVersions") {
        const all = input.includeAll === "true";
        const rows = (fleet.clusterVersions ?? []).filter((v) => all || v.versionStatus !== "UNSUPPORTED");
        return page(rows, "clusterVersions");
      }
      if (route.operation === "DescribeAddonVersions") {
        const name = input.addonName ?? "";
        const k8s = input.kubernetesVersion;
        const versions = (fleet.addonVersions[name] ?? []).filter((v) =>
          (v.compatibilities as { clusterVersion: string }[]).some((c) => !k8s || c.clusterVersion === k8s),
        );
        return json(200, { addons: versions.length ? [{ addonName: name, type: "networking", owner: "aws", publisher: "eks", addonVersions: versions }] : [] });
      }
      const c = regionFleet[route.cluster ?? ""];
      if (!c) return error(404, "ResourceNotFoundException", `No cluster found for name: ${route.cluster}.`);
      const fail = c.fail?.[route.operation];
      if (fail) return error(fail.status, fail.type, fail.message);

      switch (route.operation) {
        case "DescribeCluster":
          return json(200, { cluster: c.cluster });
        case "ListAddons":
          return page(Object.keys(c.addons), "addons");
        case "DescribeAddon": {
          const a = c.addons[route.item ?? ""];
          return a ? json(200, { addon: a }) : error(404, "ResourceNotFoundException", `No addon: ${route.item}`);
        }
        case "ListPodIdentityAssociations": {
          const list = (c.podIdentityAssociations ?? [])
            .filter((a) => (!input.namespace || a.namespace === input.namespace) && (!input.serviceAccount || a.serviceAccount === input.serviceAccount))
            .map(({ roleArn: _r, createdAt: _c, ...summary }) => summary);
          return page(list, "associations");
        }
        case "DescribePodIdentityAssociation": {
          const a = (c.podIdentityAssociations ?? []).find((x) => x.associationId === route.item);
          return a ? json(200, { association: a }) : error(404, "ResourceNotFoundException", "No association");
        }
        case "ListInsights":
          return page(c.insights ?? [], "insights");
        case "ListNodegroups":
          return page(Object.keys(c.nodegroups ?? {}), "nodegroups");
        case "DescribeNodegroup": {
          const ng = c.nodegroups?.[route.item ?? ""];
          return ng ? json(200, { nodegroup: ng }) : error(404, "ResourceNotFoundException", "No node group");
        }
      }
      return error(404, "NotFoundException", "unhandled");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function routeOf(method: string, path: string): { operation: string; cluster?: string; item?: string } | undefined {
  const p = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (method === "GET" && p[0] === "addons" && p[1] === "supported-versions") return { operation: "DescribeAddonVersions" };
  if (method === "GET" && p[0] === "cluster-versions" && p.length === 1) return { operation: "DescribeClusterVersions" };
  if (p[0] !== "clusters") return undefined;
  const [, cluster, sub, item] = p;
  if (!cluster) return method === "GET" ? { operation: "ListClusters" } : undefined;
  if (!sub) return { operation: "DescribeCluster", cluster };
  const ops: Record<string, [string, string]> = {
    addons: ["ListAddons", "DescribeAddon"],
    "pod-identity-associations": ["ListPodIdentityAssociations", "DescribePodIdentityAssociation"],
    "node-groups": ["ListNodegroups", "DescribeNodegroup"],
    insights: ["ListInsights", "DescribeInsight"],
  };
  const pair = ops[sub];
  if (!pair) return undefined;
  return item ? { operation: pair[1], cluster, item } : { operation: pair[0], cluster };
}

function assumeRole(
  form: URLSearchParams,
  allowed: string[] | undefined,
  send: (status: number, payload: string, headers: Record<string, string>) => void,
): void {
  const roleArn = form.get("RoleArn") ?? "";
  const account = /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1];
  if (!account || (allowed && !allowed.includes(roleArn))) {
    const xml = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;
    return send(403, xml, { "content-type": "text/xml" });
  }
  const session = form.get("RoleSessionName") ?? "s";
  const xml = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKE${account}</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey><SessionToken>fake-token-${account}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAFAKE:${session}</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/x/${session}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></AssumeRoleResponse>`;
  send(200, xml, { "content-type": "text/xml" });
}

