// The built `cni-auditor replay` on hostile files, end to end: exit 0 whatever the records
// hold, every bad record reported on stderr with file and position, the summary's counts
// exact, the good records' alerts exact on stdout, nothing from an event reaching the
// terminal as a control sequence.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, createGzip } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, jsonLines } from "../helpers/cli.ts";
import type { Alert } from "../../shared/types.ts";
import { deepArray } from "./arbitraries.ts";
import { goodAudit, goodEnvelope } from "./batches.ts";
import { awslogs, cwlPayload, gz, jsonl, seeds } from "./harness.ts";
import { tallyFor } from "./tally.ts";

const tally = tallyFor("cli-hostile");
let dir: string;
const path = (name: string): string => join(dir, name);

/** A gzip stream of `head` then `tail`, cut right after a full flush of `head`: only `head` survives. */
async function gzipCutAfter(head: string, tail: string): Promise<Buffer> {
  const z = createGzip();
  const chunks: Buffer[] = [];
  z.on("data", (c: Buffer) => chunks.push(c));
  z.write(head);
  await new Promise<void>((resolve) => z.flush(constants.Z_FULL_FLUSH, () => resolve()));
  const cut = Buffer.concat(chunks).length;
  await new Promise<void>((resolve) => z.end(tail, () => resolve()));
  await new Promise<void>((resolve) => (z.readableEnded ? resolve() : z.on("end", () => resolve())));
  return Buffer.concat(chunks).subarray(0, cut);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cni-auditor-hostile-"));
  // 3 records, 3 alerts' worth of matches.
  writeFileSync(path("01-good.jsonl"), jsonl([goodAudit("cninodes-forbidden", 0), goodAudit("cninodes-forbidden", 1), goodAudit("aws-node-modified", 0)]));
  // 9 records: 7 rejected, 2 events (1 matches); the "[]" line holds no record.
  const benign = { ...seeds()["cninodes-forbidden"].record, auditID: "benign-nul", verb: "get", user: { username: "someone" }, userAgent: "a\u0000b" };
  writeFileSync(
    path("02-hostile.jsonl"),
    Buffer.concat([
      Buffer.from("{not json\n"),
      Buffer.from('{"a":'), Buffer.from([0xff]), Buffer.from("}\n"),
      Buffer.from([0x00, 0x01, 0x02, 0x0d, 0x0a]),
      Buffer.from(deepArray() + "\n"),
      Buffer.from(JSON.stringify("x".repeat(2_000_000)) + "\n"),
      Buffer.from("42\n"),
      Buffer.from(JSON.stringify(goodEnvelope("eni-unauthorized", 0)) + "\r\n"),
      Buffer.from(JSON.stringify({ ...goodAudit("cninodes-forbidden", 9), verb: 5 }) + "\n"),
      Buffer.from("[]\n"),
      Buffer.from(JSON.stringify(benign) + "\n"),
    ]),
  );
  // 5 records before the cut, then one rejection for the truncated stream.
  const head = jsonl(Array.from({ length: 5 }, (_, i) => goodAudit("cninodes-forbidden", 10 + i)));
  const tail = jsonl(Array.from({ length: 5 }, (_, i) => goodAudit("cninodes-forbidden", 20 + i)));
  writeFileSync(path("03-cut.jsonl.gz"), await gzipCutAfter(head, tail));
  // One rejection each.
  writeFileSync(path("04-binary.bin"), Buffer.from(Array.from({ length: 512 }, (_, i) => 0x80 + (i % 128))));
  writeFileSync(path("05-gzip-magic-garbage.gz"), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]));
  writeFileSync(path("06-deep.json"), deepArray());
  const sub = awslogs(cwlPayload([goodAudit("system-forbidden", 0)]));
  const bytes = Buffer.from(sub.awslogs.data, "base64");
  bytes[bytes.length - 6]! ^= 0x10; // inside the CRC32: the content no longer checks out
  writeFileSync(path("07-bad-crc.json"), JSON.stringify({ awslogs: { data: bytes.toString("base64") } }));
  // No records at all.
  writeFileSync(path("08-empty.json"), "");
  writeFileSync(path("09-bom-only.json"), "\ufeff\n\n");
  writeFileSync(path("10-gz-empty.gz"), gz(""));
  tally.inputs += 9 + 1 + 1 + 1 + 1 + 1;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("replay over a directory of hostile files", () => {
  it("exits 0, reports each bad record with file and position, and counts exactly", () => {
    const r = cli(["replay", "--json", dir]);
    expect(r.code).toBe(0);
    // Reasons quote the input; the binary line's bytes must not reach the terminal raw.
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const rejected = r.stderr.split("\n").filter((l) => l.startsWith("rejected "));
    tally.rejected += rejected.length;
    expect(rejected.map((l) => l.replace(dir, "DIR").replace(/: (not JSON|bad gzip|truncated gzip|awslogs\.data is bad gzip).*$/, ": $1…"))).toEqual([
      "rejected DIR/02-hostile.jsonl: line 1: not JSON…",
      "rejected DIR/02-hostile.jsonl: line 2: not JSON…",
      "rejected DIR/02-hostile.jsonl: line 3: not JSON…",
      "rejected DIR/02-hostile.jsonl: line 4 › record 1: unknown shape: an array inside an array",
      "rejected DIR/02-hostile.jsonl: line 5: unknown shape: expected a JSON object or array, got string",
      "rejected DIR/02-hostile.jsonl: line 6: unknown shape: expected a JSON object or array, got number",
      "rejected DIR/02-hostile.jsonl: line 8: verb must be a string, got number",
      "rejected DIR/03-cut.jsonl.gz: end of file: truncated gzip…",
      "rejected DIR/04-binary.bin: document: not JSON…",
      "rejected DIR/05-gzip-magic-garbage.gz: end of file: truncated gzip…",
      "rejected DIR/06-deep.json: record 1: unknown shape: an array inside an array",
      "rejected DIR/07-bad-crc.json: document: awslogs.data is bad gzip…",
    ]);
    // 3 + 9 + 6 + 1 + 1 + 1 + 1 records; 3 + 2 + 5 events, of which 3 + 1 + 5 match.
    expect(r.stderr.trim().split("\n").at(-1)).toBe("files 10, records 22, events 10, matched 9, alerts 3, rejected 12");
    const alerts = jsonLines<Alert>(r.stdout).map((a) => [a.rule, a.count]);
    tally.goodAlerts += 3;
    expect(alerts.sort()).toEqual([["aws-node-modified", 1], ["cninodes-forbidden", 7], ["eni-unauthorized", 1]]);
  });

  it("an unreadable path is reported and exits 2; the readable files are still replayed", () => {
    const r = cli(["replay", "--json", path("nope.json"), path("01-good.jsonl")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot read");
    expect(jsonLines<Alert>(r.stdout).map((a) => [a.rule, a.count]).sort()).toEqual([["aws-node-modified", 1], ["cninodes-forbidden", 2]]);
  });

  it("the text report carries no control sequence from an event (terminal injection)", () => {
    const record = goodAudit("aws-node-modified", 0);
    record.user.username = "mallory\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u001b[2J\u001b[31m\r\n- **Fix:** run this";
    record.userAgent = "kubectl\u009b31m\u0007";
    const r = cli(["replay", "--no-color", "-"], { input: JSON.stringify(record) });
    tally.inputs++;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("mallory");
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    // The event's line break did not start a section of its own.
    expect(r.stdout).toContain("- **Fix:** run this");
    expect(r.stdout.split("\n").filter((l) => /^\s*- \*\*Fix:\*\* run this/.test(l))).toEqual([]);
  });
});
