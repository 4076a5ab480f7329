// Large CloudWatch Logs payloads for the load test, from the seed records: per cluster, a
// cninodes storm over 300 nodes, aws-node 403s on five resources, aws-node patched by five
// users, plus records that must be rejected or passed over. Counts per key are known by
// construction, so the test checks the stored and reported counts against arithmetic.
import { gzipSync } from "node:zlib";
import { seeds } from "./harness.ts";

export const EVENTS_PER_PAYLOAD = 10_000;
export const RESOURCES = ["pods", "nodes", "cninodes", "eniconfigs", "namespaces"];
export const USERS = ["alice", "bob", "carol", "dave", "erin"];

/** What one payload holds, by kind (per 10 events: 6 storm, 2 denied, 1 patch, 1 junk). */
export const PER_PAYLOAD = { storm: 6000, denied: 2000, patched: 1000, rejected: 500, passedOver: 500 };
export const MATCHING_PER_PAYLOAD = PER_PAYLOAD.storm + PER_PAYLOAD.denied + PER_PAYLOAD.patched;

const iso = (ms: number): string => new Date(ms).toISOString().replace("Z", "000Z");

export interface LoadPayload {
  /** Phase (0 or 1), payload number within the phase, cluster. */
  phase: number;
  n: number;
  cluster: string;
  event: { awslogs: { data: string } };
}

/** Payload `n` of a phase: cluster `c<n % clusters>`, events spread over 50 minutes from `startMs`. */
export function loadPayload(phase: number, n: number, clusters: number, startMs: number): LoadPayload {
  const s = seeds();
  const storm = s["cninodes-forbidden"].record;
  const denied = s["system-forbidden"].record;
  const patched = s["aws-node-modified"].record;
  const cluster = `c${n % clusters}`;
  const logEvents: Array<{ id: string; timestamp: number; message: string }> = [];
  for (let i = 0; i < EVENTS_PER_PAYLOAD; i++) {
    const serial = `${phase}-${String(n).padStart(3, "0")}-${String(i).padStart(5, "0")}`;
    const t = startMs + Math.floor((i * 50 * 60_000) / EVENTS_PER_PAYLOAD) + n;
    const times = { requestReceivedTimestamp: iso(t - 1), stageTimestamp: iso(t) };
    const auditID = `10ad0000-0000-4000-8000-${serial.replace(/-/g, "").padStart(12, "0")}`;
    const kind = i % 10;
    let message: string;
    if (kind < 6) {
      const node = `ip-10-${phase}-${(n * EVENTS_PER_PAYLOAD + i) % 300}.eu-west-1.compute.internal`;
      message = JSON.stringify({ ...storm, ...times, auditID, objectRef: { ...storm.objectRef, name: node } });
    } else if (kind < 8) {
      const resource = RESOURCES[Math.floor(i / 10) % RESOURCES.length]!;
      message = JSON.stringify({ ...denied, ...times, auditID, objectRef: { resource } });
    } else if (kind === 8) {
      const user = USERS[Math.floor(i / 10) % USERS.length]!;
      message = JSON.stringify({ ...patched, ...times, auditID, user: { username: user } });
    } else if (Math.floor(i / 10) % 2 === 0) {
      // Cut off: it looks like a candidate to the prefilter, then fails to parse (rejected).
      message = JSON.stringify({ ...storm, ...times, auditID }).slice(0, -1);
    } else {
      message = JSON.stringify({ ...patched, ...times, auditID, verb: "get", responseStatus: { code: 200 }, user: { username: "viewer" } });
    }
    logEvents.push({ id: `4${serial.replace(/-/g, "").padStart(55, "0")}`, timestamp: t, message });
  }
  const payload = {
    messageType: "DATA_MESSAGE",
    owner: "444455556666",
    logGroup: `/aws/eks/${cluster}/cluster`,
    logStream: `kube-apiserver-audit-${String(n).padStart(32, "0")}`,
    subscriptionFilters: ["cni-auditor"],
    logEvents,
  };
  return { phase, n, cluster, event: { awslogs: { data: gzipSync(JSON.stringify(payload)).toString("base64") } } };
}
