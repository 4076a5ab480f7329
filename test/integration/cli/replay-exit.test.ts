// The built `cni-auditor replay` as a user runs it: stdin from a slow writer, exit codes 3 (no
// events, with the reason) and 4 (--fail-on), --since/--until on local files, and the same
// alerts whatever the order of records inside one input.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../../shared/types.ts";
import { BIN, cli, jsonLines, REPO } from "../../helpers/cli.ts";

const SAMPLES = "test/fixtures/sources";
const cninodes = JSON.parse(readFileSync(`${SAMPLES}/audit-403-cninodes.json`, "utf8")) as Record<string, unknown>;
/** A cninodes 403 at minute `m` of 2026-11-19 08:00Z. */
const audit = (i: number, m = i): string =>
  JSON.stringify({
    ...cninodes,
    auditID: `id-${i}`,
    requestReceivedTimestamp: `2026-11-19T08:${String(m).padStart(2, "0")}:00.000000Z`,
    stageTimestamp: `2026-11-19T08:${String(m).padStart(2, "0")}:00.100000Z`,
  });
const NOW = ["--now", "2026-12-01T00:00:00Z"];

function tmp(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "cni-replay-exit-"));
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Runs the CLI with stdin written in pieces, pausing between them (`aws … | cni-auditor replay -`). */
function slowStdin(args: string[], pieces: Buffer[], pauseMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { PATH: process.env.PATH }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    let i = 0;
    const next = (): void => {
      if (i === pieces.length) return void child.stdin.end();
      child.stdin.write(pieces[i++]!);
      setTimeout(next, pauseMs);
    };
    setTimeout(next, pauseMs);
  });
}

describe("replay reads stdin as a stream", () => {
  it("works with a slow writer that starts late and pauses mid-record", async () => {
    const bytes = Buffer.from(`${audit(1)}\n${audit(2)}\n${audit(3)}\n`);
    const cut = Math.floor(bytes.length / 2);
    const run = await slowStdin(["replay", "--json", ...NOW, "-"], [bytes.subarray(0, 10), bytes.subarray(10, cut), bytes.subarray(cut)], 300);
    expect(run.stderr).not.toContain("EAGAIN");
    expect(run.code).toBe(0);
    expect(jsonLines<Alert>(run.stdout).map((a) => [a.rule, a.count])).toEqual([["cninodes-forbidden", 3]]);
  });

  it("reads gzip from stdin", () => {
    const run = cli(["replay", "--json", ...NOW, "-"], { input: gzipSync(`${audit(1)}\n${audit(2)}\n`) });
    expect(run.code).toBe(0);
    expect(jsonLines<Alert>(run.stdout)[0]?.count).toBe(2);
  });

  it("gives the same alerts whatever the order of the records inside one input", () => {
    const lines = Array.from({ length: 40 }, (_, i) => audit(i, i % 60));
    const forward = cli(["replay", "--json", ...NOW, "--window", "10m", "-"], { input: lines.join("\n") });
    const shuffled = [...lines].sort((a, b) => (a.length * 7919 + a.charCodeAt(60)) % 13 - (b.length * 7919 + b.charCodeAt(60)) % 13 || (a < b ? 1 : -1));
    const backward = cli(["replay", "--json", ...NOW, "--window", "10m", "-"], { input: shuffled.join("\n") });
    expect(jsonLines(forward.stdout).length).toBe(4);
    expect(backward.stdout).toBe(forward.stdout);
  });
});

describe("replay exit codes", () => {
  it.each([
    ["an empty file", () => [tmp("empty.json", "")], /no events: the input holds no records/],
    ["an empty directory", () => [mkdtempSync(join(tmpdir(), "cni-replay-empty-"))], /no events: no input was read/],
    ["only rejected records", () => [tmp("bad.jsonl", "{nope\n42\n")], /no events: none of the 2 records is an event \(2 rejected\)/],
    [
      "only skipped records",
      () => [tmp("control.json", readFileSync(`${SAMPLES}/cwlogs-subscription-decoded-control.json`))],
      /no events: none of the 1 records is an event \(1 skipped\)/,
    ],
  ])("exits 3 with the reason on %s: never a false all-clear", (_name, inputs, reason) => {
    const run = cli(["replay", "--json", ...NOW, ...inputs()]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(reason);
    expect(run.stdout).toBe("");
  });

  it("exits 3 on empty stdin", () => {
    const run = cli(["replay", ...NOW, "-"], { input: "" });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("no events:");
  });

  it("--fail-on exits 4 when an alert at or above the severity was produced, 0 otherwise", () => {
    const file = tmp("a.jsonl", `${audit(1)}\n`);
    expect(cli(["replay", "--json", ...NOW, "--fail-on", "high", file]).code).toBe(4);
    expect(jsonLines<Alert>(cli(["replay", "--json", ...NOW, file]).stdout).map((a) => a.severity)).toEqual(["high"]);
    expect(cli(["replay", "--json", ...NOW, "--fail-on", "critical", file]).code).toBe(0);
    const benign = tmp("b.jsonl", `${JSON.stringify({ ...JSON.parse(audit(2)), verb: "get", user: { username: "alice" }, responseStatus: { code: 200 } })}\n`);
    expect(cli(["replay", "--json", ...NOW, "--fail-on", "info", benign]).code).toBe(0);
    // An unreadable input still exits 2, whatever was found.
    expect(cli(["replay", "--json", ...NOW, "--fail-on", "info", file, "/nonexistent.json"]).code).toBe(2);
  });

  it("--fail-on takes only a severity", () => {
    const run = cli(["replay", "--fail-on", "severe", tmp("a.jsonl", `${audit(1)}\n`)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("critical");
  });
});

describe("replay --since/--until on local files", () => {
  const file = tmp("range.jsonl", Array.from({ length: 30 }, (_, i) => audit(i, i)).join("\n"));

  it("counts only the events inside the range", () => {
    const run = cli(["replay", "--json", ...NOW, "--since", "2026-11-19T08:10:00Z", "--until", "2026-11-19T08:20:00Z", file]);
    expect(run.code).toBe(0);
    const [alert] = jsonLines<Alert>(run.stdout);
    expect(alert?.count).toBe(10);
    expect(alert?.firstSeen).toBe("2026-11-19T08:10:00.100Z");
    expect(run.stderr).toContain("outside --since/--until 20");
  });

  it("takes durations back from --now, and exits 3 when every event is outside", () => {
    const run = cli(["replay", "--json", ...NOW, "--since", "1h30m", file]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("no events: all 30 events are outside --since/--until");
  });

  it("rejects a bound that is neither a time nor a duration", () => {
    const run = cli(["replay", "--since", "yesterday", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--since");
  });
});
