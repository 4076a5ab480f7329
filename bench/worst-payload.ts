// The worst payload the audit-logs function accepts (guarantees item 7): it inflates to just
// under the decoder's cap (PAYLOAD_INFLATE_MAX) and every record in it matches a rule, so each
// is parsed, evaluated and folded. Its peak RSS must stay under the function's memory.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { PAYLOAD_INFLATE_MAX } from "../shared/sources/gzip.ts";

export interface WorstPayload {
  event: { awslogs: { data: string } };
  compressedBytes: number;
  uncompressedBytes: number;
  events: number;
}

export function generateWorstPayload(root: string): WorstPayload {
  const storm = JSON.parse(readFileSync(`${root}/test/fixtures/reliability/seeds.json`, "utf8")).seeds["cninodes-forbidden"].record;
  const t0 = Date.UTC(2026, 2, 2, 9, 0, 0);
  const message = (i: number) =>
    JSON.stringify({ ...storm, auditID: `worst-${i}`, stageTimestamp: new Date(t0 + i).toISOString(), objectRef: { ...storm.objectRef, name: `ip-10-0-${i >> 8}-${i & 255}.compute.internal` } });
  const one = JSON.stringify(message(99_999)).length + 100; // as embedded: quotes escaped, plus id and timestamp
  const count = Math.floor((PAYLOAD_INFLATE_MAX - 65_536) / one);
  const logEvents = Array.from({ length: count }, (_, i) => ({ id: `3${String(i).padStart(55, "0")}`, timestamp: t0 + i, message: message(i) }));
  const raw = Buffer.from(JSON.stringify({ messageType: "DATA_MESSAGE", owner: "444455556666", logGroup: "/aws/eks/worst/cluster", logStream: "kube-apiserver-audit-0", subscriptionFilters: ["cni-auditor"], logEvents }));
  if (raw.length > PAYLOAD_INFLATE_MAX) throw new Error(`worst payload ${raw.length} B is past the cap`);
  const gz = gzipSync(raw, { level: 9 });
  return { event: { awslogs: { data: gz.toString("base64") } }, compressedBytes: gz.length, uncompressedBytes: raw.length, events: count };
}

export function formatWorstPayload(w: Omit<WorstPayload, "event">, maxRssKb: number, functionMemoryMb: number): string {
  const peak = maxRssKb / 1024;
  return (
    `\nworst accepted payload: ${(w.compressedBytes / 1024).toFixed(0)} KB gzip inflating to ${(w.uncompressedBytes / 1048576).toFixed(2)} MiB ` +
    `(cap ${(PAYLOAD_INFLATE_MAX / 1048576).toFixed(0)} MiB), ${w.events.toLocaleString("en-US")} matching events: ` +
    `peak RSS ${peak.toFixed(0)} MB (function memory ${functionMemoryMb} MB: ${peak < functionMemoryMb ? "ok" : "OVER"})\n`
  );
}
