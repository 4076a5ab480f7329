// Worker threads read local files; the output is the one thread's, byte for byte: alerts,
// rejections in file order, the summary — with duplicates across files, add-on events whose
// order matters (fromVersion), gzip, bad records and a file no worker can open.
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cli } from "../../helpers/cli.ts";

const SAMPLES = "test/fixtures/sources";
const cninodes = JSON.parse(readFileSync(`${SAMPLES}/audit-403-cninodes.json`, "utf8")) as Record<string, unknown>;
const audit = (i: number): string => JSON.stringify({ ...cninodes, auditID: `w-${i}`, stageTimestamp: `2026-11-19T08:${String(i % 60).padStart(2, "0")}:00.000000Z` });

function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), "cni-replay-workers-"));
  for (let f = 0; f < 6; f++) {
    // Overlapping ranges: records 0–39 appear in two files each.
    const lines = Array.from({ length: 40 }, (_, i) => audit(f * 20 + i));
    if (f === 2) lines.splice(5, 0, "{broken", "42");
    const text = `${lines.join("\n")}\n`;
    writeFileSync(join(dir, `audit-${f}.jsonl${f % 2 ? ".gz" : ""}`), f % 2 ? gzipSync(text) : text);
  }
  for (const name of ["eventbridge-eks-updateaddon.json", "cloudtrail-records.json", "cwlogs-subscription-event.json", "filter-log-events.json", "lookup-events.json"]) {
    copyFileSync(join(SAMPLES, name), join(dir, name));
  }
  copyFileSync("examples/incident/03-eventbridge-edge-prod.jsonl", join(dir, "edge.jsonl"));
  const locked = join(dir, "zz-locked.json");
  writeFileSync(locked, "{}");
  chmodSync(locked, 0o000);
  return dir;
}

describe("replay --threads", () => {
  it("gives the one thread's output, whatever the number of workers", () => {
    const dir = corpus();
    const args = ["replay", "--json", "--now", "2026-12-01T00:00:00Z", dir];
    const one = cli([...args, "--threads", "1"]);
    expect(one.stdout.split("\n").length).toBeGreaterThan(3);
    expect(one.stderr).toContain("rejected");
    for (const threads of ["2", "3", "5"]) {
      const many = cli([...args, "--threads", threads]);
      expect(many.code, threads).toBe(one.code);
      expect(many.stdout, threads).toBe(one.stdout);
      expect(many.stderr, threads).toBe(one.stderr);
    }
  });

  it("rejects a number of threads that is not one", () => {
    expect(cli(["replay", "--threads", "0", "x"]).code).toBe(2);
  });
});
