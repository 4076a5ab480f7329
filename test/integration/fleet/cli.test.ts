// `cni-auditor fleet` end to end: the built CLI as a process, with the SDK's own default
// credential chain (environment keys) and AWS_ENDPOINT_URL pointing at the loopback EKS server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { run } from "../../../cli/commands/fleet.ts";
import type { CliIo } from "../../../cli/io.ts";
import { parseSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { BASE_ACCESS_KEY, startEksServer, type EksServer } from "./eks-server.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;
const CLI = join(ROOT, "bin/cni-auditor.mjs");
const FIXTURES = join(ROOT, "test/fixtures/fleet");

let server: EksServer;
let tmp: string;
beforeAll(async () => {
  server = await startEksServer({ throttleOnce: ["ListClusters"] });
  tmp = mkdtempSync(join(tmpdir(), "fleet-cli-"));
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

function awsEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: tmp, // no ~/.aws files: the environment is the whole credential chain
    AWS_ACCESS_KEY_ID: BASE_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: "fake-secret",
    AWS_ENDPOINT_URL: server.endpoint,
    AWS_MAX_ATTEMPTS: "3",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

function cli(args: string[], env: NodeJS.ProcessEnv = awsEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, "fleet", ...args], { env, cwd: tmp }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("cni-auditor fleet (built CLI)", () => {
  it("reads the fleet, lists unreadable clusters, and writes the three reports and a snapshot", async () => {
    const out = join(tmp, "out");
    const snap = join(tmp, "snap.json");
    const r = await cli(["--regions", "us-west-2,eu-west-1", "--out", out, "--save-snapshot", snap, "--previous", join(FIXTURES, "previous-report.json")]);
    expect(r.stderr).toContain("fleet: 9 clusters to read");
    expect(r.stderr).toMatch(/fleet: \[\d\/9\] FAILED us-west-2\/broken-1: AccessDeniedException \(HTTP 403\)/);
    expect(r.stderr).toMatch(/fleet: \[\d\/9\] ok eu-west-1\/eu-shared/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^7 clusters checked, \d+ findings \(\d+ critical/);
    expect(r.stdout).toContain("not read: 111122223333/us-west-2/broken-1: DescribeCluster: AccessDeniedException");
    expect(r.stdout).toContain("not read: 111122223333/eu-west-1/eu-flaky: DescribeAddon: ServerException");
    expect(r.stdout).toMatch(/since 2026-08-29T06:00:00.000Z: \d+ new, \d+ resolved/);
    for (const f of ["report.json", "report.md", "report.html"]) expect(existsSync(join(out, f)), f).toBe(true);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.summary.clusters).toBe(7);
    expect(report.failures.map((f: { cluster: string }) => f.cluster).sort()).toEqual(["broken-1", "eu-flaky"]);
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/^# VPC CNI fleet report/);
    expect(parseSnapshot(readFileSync(snap, "utf8")).clusters.length).toBe(7);
    // The throttled ListClusters was retried by the SDK inside the CLI.
    expect(server.requests.some((q) => q.operation === "ListClusters" && q.status === 429)).toBe(true);
  });

  it("checks a saved snapshot offline and prints Markdown or JSON", async () => {
    const snap = join(FIXTURES, "snapshot-test-fleet.json");
    const before = server.requests.length;
    const md = await cli(["--from-snapshot", snap, "--format", "md"], { PATH: process.env.PATH, HOME: tmp });
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# VPC CNI fleet report\n\nGenerated 2026-08-30 06:00 UTC/);
    const json = await cli(["--from-snapshot", snap, "--format", "json"], { PATH: process.env.PATH, HOME: tmp });
    expect(JSON.parse(json.stdout).schema).toBe("cni-auditor/fleet-report");
    expect(server.requests.length).toBe(before);
  });

  it.each([
    [["--regions", "us-west-2", "--accounts", "444455556666"], /--accounts needs --role-name/],
    [["--regions", "us-west-2", "--accounts", "12345"], /not a 12-digit account id/],
    [["--regions", "mars-north-1a"], /not an AWS region/],
    [["--regions", "us-west-2", "--format", "html"], /option .--format <FORMAT>. argument .html. is invalid. Allowed choices are text, markdown, md, json/],
    [["--from-snapshot", "missing.json"], /--from-snapshot: cannot read missing.json \(ENOENT\)/],
    [["--from-snapshot", "x.json", "--save-snapshot", "y.json"], /exclude each other/],
    [["--regions", "us-west-2", "--bogus"], /unknown option .--bogus./],
    [[], /--regions is required/],
  ])("exits 2 on usage error %j", async (args, message) => {
    const r = await cli(args, { PATH: process.env.PATH, HOME: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("rejects a --previous file that is not a fleet report", async () => {
    const r = await cli(["--from-snapshot", join(FIXTURES, "snapshot-test-fleet.json"), "--previous", join(FIXTURES, "snapshot-test-fleet.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a "cni-auditor\/fleet-report" document/);
  });
});

describe("cni-auditor fleet progress on a terminal", () => {
  it("redraws one progress bar in place and keeps failure lines", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, awsEnv());
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    const stdout = new PassThrough();
    let err = "";
    stderr.on("data", (c: Buffer) => (err += c.toString()));
    const io: CliIo = { stdout, stderr, stdin: new PassThrough(), isTTY: true, env: process.env };
    try {
      expect(await run(["--regions", "us-west-2"], io)).toBe(0);
    } finally {
      process.env = saved;
    }
    expect(err).toContain("\r\x1b[2K");
    expect(err).toMatch(/\[█{24}\] 5\/5 /);
    expect(err).toMatch(/\n?fleet: \[\d\/5\] FAILED us-west-2\/broken-1/);
    // No plain "ok" lines on a terminal: the bar shows them.
    expect(err).not.toContain("] ok ");
    expect(err.endsWith("\r\x1b[2K")).toBe(true);
  });
});
