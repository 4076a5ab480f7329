// A loopback EKS fleet at scale (REST-JSON, as the SDK speaks it) for the fan-out test and the
// bench: generated accounts × regions × clusters, a latency per call, and a token bucket per
// account-region that answers 429 ThrottlingException when empty, as EKS throttles. The account
// comes from the access key (`AKIAW` + the 12 digits, see worldCredentials), the region from the
// SigV4 credential scope. STS AssumeRole (query protocol) hands out such keys for the member role
// of any listed account, except those in `denied` (a member whose role does not trust the
// auditor: AccessDenied, as STS answers).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface EksWorldOptions {
  accounts: string[];
  regions: string[];
  clustersPerPartition: number;
  /** Milliseconds per call: uniform in [min, max] (seeded). */
  latencyMs: [number, number];
  /** Token bucket per account-region: refill per second and bucket size; null: no throttling. */
  throttle: { rate: number; burst: number } | null;
  denied?: string[];
  seed?: number;
}

export interface EksWorld {
  endpoint: string;
  clusters: number;
  /** Per `account/region`: calls answered 200, and answered 429. */
  calls: Map<string, { ok: number; throttled: number }>;
  close(): Promise<void>;
}

export function worldCredentials(account: string) {
  return { accessKeyId: `AKIAW${account}`, secretAccessKey: "world-secret" };
}

const K8S = ["1.30", "1.31", "1.32", "1.33"];
const ADDONS: Record<string, string> = {
  "vpc-cni": "v1.19.5-eksbuild.1",
  "kube-proxy": "v1.31.3-eksbuild.2",
  coredns: "v1.11.4-eksbuild.2",
};

export function clusterName(account: string, region: string, i: number): string {
  return `c${account.slice(-4)}-${region}-${i}`;
}

export async function startEksWorld(o: EksWorldOptions): Promise<EksWorld> {
  let state = (o.seed ?? 7) >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const buckets = new Map<string, { tokens: number; at: number }>();
  const calls = new Map<string, { ok: number; throttled: number }>();
  const denied = new Set(o.denied ?? []);
  const take = (key: string): boolean => {
    if (!o.throttle) return true;
    const now = performance.now();
    const b = buckets.get(key) ?? { tokens: o.throttle.burst, at: now };
    b.tokens = Math.min(o.throttle.burst, b.tokens + ((now - b.at) / 1000) * o.throttle.rate);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      if (req.method === "POST" && form.get("Action") === "AssumeRole") return assumeRole(form, o.accounts, denied, res);
      const scope = /Credential=AKIAW(\d{12})\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? "");
      const account = scope?.[1] ?? "";
      const region = scope?.[2] ?? "";
      const key = `${account}/${region}`;
      const tally = calls.get(key) ?? { ok: 0, throttled: 0 };
      calls.set(key, tally);
      const url = new URL(req.url ?? "/", "http://localhost");
      const p = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      const answer = (status: number, body: unknown, type?: string): void => {
        const delay = o.latencyMs[0] + random() * (o.latencyMs[1] - o.latencyMs[0]);
        setTimeout(() => {
          res.writeHead(status, { "content-type": "application/json", ...(type ? { "x-amzn-errortype": type } : {}) });
          res.end(JSON.stringify(body));
        }, delay);
      };
      const known = o.accounts.includes(account) && o.regions.includes(region);
      if (!known) return answer(403, { message: "The security token included in the request is invalid." }, "UnrecognizedClientException");
      if (!take(key)) {
        tally.throttled++;
        return answer(429, { message: "Rate exceeded" }, "ThrottlingException");
      }
      tally.ok++;
      const names = Array.from({ length: o.clustersPerPartition }, (_, i) => clusterName(account, region, i));
      const k8s = (name: string): string => K8S[Number(name.split("-").pop()) % K8S.length]!;
      if (p[0] === "addons" && p[1] === "supported-versions") {
        const name = url.searchParams.get("addonName") ?? "";
        const version = url.searchParams.get("kubernetesVersion") ?? "";
        const v = ADDONS[name];
        return answer(200, {
          addons: v
            ? [
                {
                  addonName: name,
                  addonVersions: [{ addonVersion: v, compatibilities: [{ clusterVersion: version, defaultVersion: true }] }],
                },
              ]
            : [],
        });
      }
      if (p[0] !== "clusters") return answer(404, { message: "no route" }, "NotFoundException");
      if (p.length === 1) return answer(200, { clusters: names });
      const cluster = p[1]!;
      if (!names.includes(cluster)) return answer(404, { message: `No cluster found for name: ${cluster}.` }, "ResourceNotFoundException");
      const arn = `arn:aws:eks:${region}:${account}:cluster/${cluster}`;
      if (p.length === 2) {
        return answer(200, {
          cluster: {
            name: cluster,
            arn,
            version: k8s(cluster),
            status: "ACTIVE",
            platformVersion: "eks.9",
            logging: { clusterLogging: [{ types: ["audit"], enabled: true }] },
            tags: {},
          },
        });
      }
      if (p[2] === "addons" && p.length === 3) return answer(200, { addons: Object.keys(ADDONS) });
      if (p[2] === "addons") {
        const a = p[3]!;
        return answer(200, {
          addon: {
            addonName: a,
            clusterName: cluster,
            addonVersion: ADDONS[a],
            status: "ACTIVE",
            health: { issues: [] },
            publisher: "eks",
            owner: "aws",
          },
        });
      }
      if (p[2] === "pod-identity-associations") return answer(200, { associations: [] });
      if (p[2] === "insights") return answer(200, { insights: [] });
      if (p[2] === "node-groups") return answer(200, { nodegroups: [] });
      return answer(404, { message: "no route" }, "NotFoundException");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    clusters: o.accounts.length * o.regions.length * o.clustersPerPartition,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function assumeRole(form: URLSearchParams, accounts: string[], denied: Set<string>, res: import("node:http").ServerResponse): void {
  const roleArn = form.get("RoleArn") ?? "";
  const account = /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? "";
  res.setHeader("content-type", "text/xml");
  if (!accounts.includes(account) || denied.has(account)) {
    res.statusCode = 403;
    res.end(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
    );
    return;
  }
  const c = worldCredentials(account);
  const expires = new Date(Date.now() + 3600_000).toISOString();
  res.end(
    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${c.accessKeyId}</AccessKeyId><SecretAccessKey>${c.secretAccessKey}</SecretAccessKey><SessionToken>token-${account}</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  );
}
