// Issue 16.6: `cni-auditor fleet` writes only what it means to and prints API text inert.
// --out never follows a planted symlink and never replaces a file that is not an earlier
// report; cluster names and errors from the EKS API reach stderr without escape sequences.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cli/commands/fleet.ts";
import type { CliIo } from "../../cli/io.ts";
import { BASE_ACCESS_KEY, loadWireFleet, startEksServer, type EksServer } from "../integration/fleet/eks-server.ts";

const SNAPSHOT = new URL("../fixtures/fleet/snapshot-test-fleet.json", import.meta.url).pathname;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "fleet-out-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function fleet(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), isTTY: false, env };
  const code = await run(args, io);
  return { code, stdout: out, stderr: err };
}

describe("fleet --out", () => {
  it("refuses a planted symlink and leaves its target alone, writing none of the reports", async () => {
    const dir = join(tmp, "planted");
    mkdirSync(dir);
    const victim = join(tmp, "victim.txt");
    writeFileSync(victim, "precious\n");
    symlinkSync(victim, join(dir, "report.html"));
    const r = await fleet(["--from-snapshot", SNAPSHOT, "--out", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cni-auditor fleet: ${join(dir, "report.html")} is a symbolic link: not overwritten (remove it or choose another --out)\n`);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(lstatSync(join(dir, "report.html")).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["report.html"]);
  });

  it("refuses to replace a file that is not an earlier report", async () => {
    const dir = join(tmp, "other");
    mkdirSync(dir);
    writeFileSync(join(dir, "report.md"), "my notes\n");
    const r = await fleet(["--from-snapshot", SNAPSHOT, "--out", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, "report.md")} is not an earlier fleet report: not overwritten`);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toBe("my notes\n");
  });

  it("replaces earlier reports through a temporary file and leaves no temporary file behind", async () => {
    const dir = join(tmp, "again");
    expect((await fleet(["--from-snapshot", SNAPSHOT, "--out", dir])).code).toBe(0);
    const first = readFileSync(join(dir, "report.md"), "utf8");
    expect(first.startsWith("# VPC CNI fleet report\n")).toBe(true);
    expect((await fleet(["--from-snapshot", SNAPSHOT, "--out", dir])).code).toBe(0);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toBe(first);
    expect(readdirSync(dir).sort()).toEqual(["report.html", "report.json", "report.md"]);
    expect(existsSync(join(dir, "report.json"))).toBe(true);
  });
});

describe("fleet stderr", () => {
  let server: EksServer;
  const EVIL = "evil\u001b]0;PWNED\u0007\u001b[2J\u202ex";
  beforeAll(async () => {
    const wire = loadWireFleet();
    const region = wire.accounts["111122223333"]!["us-west-2"]!;
    region[EVIL] = { ...region["broken-1"]!, cluster: { ...region["broken-1"]!.cluster, name: EVIL } };
    server = await startEksServer({ fleet: wire });
  });
  afterAll(async () => server.close());

  it("prints cluster names and AWS errors without escape sequences or hidden characters", async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: tmp,
      AWS_ACCESS_KEY_ID: BASE_ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: "fake-secret",
      AWS_ENDPOINT_URL: server.endpoint,
      AWS_MAX_ATTEMPTS: "1",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    let r;
    try {
      r = await fleet(["--regions", "us-west-2"], process.env);
    } finally {
      process.env = saved;
    }
    // eslint-disable-next-line no-control-regex
    expect(r.stderr + r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(r.stderr).toContain("FAILED us-west-2/evil\ufffd]0;PWNED\ufffd\ufffd[2J<U+202E>x: AccessDeniedException");
  });
});
