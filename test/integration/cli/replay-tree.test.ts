// `replay DIR` over the trees real exports produce (issue 12): a trail bucket synced with
// `aws s3 sync` (an account trail and an organization trail, with CloudTrail-Digest/ beside),
// an export task's <task>/<stream>/000000.gz. Every file at any depth is read, in a fixed order;
// hidden entries and notes are not; a symlink loop ends the walk.
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { expandLocal } from "../../../cli/input/local.ts";
import { cli } from "../../helpers/cli.ts";

const CORPUS = "test/fixtures/corpus/clean";
const TRAIL = "AWSLogs/111122223333/CloudTrail/us-west-2/2026/05/01/111122223333_CloudTrail_us-west-2_20260501T1010Z_a.json.gz";
const ORG_TRAIL = "AWSLogs/o-abcdefghij/111122223333/CloudTrail/us-west-2/2026/05/02/111122223333_CloudTrail_us-west-2_20260502T1010Z_b.json.gz";
const DIGEST = "AWSLogs/o-abcdefghij/111122223333/CloudTrail-Digest/us-west-2/2026/05/02/111122223333_CloudTrail-Digest_us-west-2_b_20260502T100000Z.json.gz";
const EXPORT = "exports/7d1c2a3b-export-task/kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b/000000.gz";

function put(root: string, path: string, content: Buffer | string): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

/** A synced trail bucket and an export task, with what a walk must leave out. */
function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "cni-tree-"));
  put(root, TRAIL, gzipSync(Buffer.from(JSON.stringify({ Records: [] }))));
  mkdirSync(dirname(join(root, ORG_TRAIL)), { recursive: true });
  copyFileSync("test/fixtures/sources/cloudtrail-records.json", join(root, ORG_TRAIL.replace(/\.gz$/, "")));
  mkdirSync(dirname(join(root, DIGEST)), { recursive: true });
  copyFileSync(join(CORPUS, "111122223333_CloudTrail-Digest_us-west-2_example_20260501T100000Z.json.gz"), join(root, DIGEST));
  mkdirSync(dirname(join(root, EXPORT)), { recursive: true });
  copyFileSync(join(CORPUS, "export-task-000000.gz"), join(root, EXPORT));
  // Not input: would be rejected if read.
  put(root, ".hidden.json", "not json");
  put(root, "AWSLogs/.git/objects/ab", "not json");
  put(root, "exports/NOTES.md", "# notes");
  symlinkSync(root, join(root, "AWSLogs/loop")); // a loop back to the top
  symlinkSync(join(root, "AWSLogs/111122223333"), join(root, "current")); // a directory linked twice
  return root;
}

describe("replay DIR walks the whole tree", () => {
  it("lists every file below, sorted, once, without hidden entries, notes or loops", () => {
    const root = tree();
    const { sources: files, unreadable } = expandLocal([root], process.stdin);
    expect(unreadable).toEqual([]);
    // Depth first, each directory's entries in code-point order (CloudTrail/ before CloudTrail-Digest/).
    expect(files.map((f) => f.name.slice(root.length + 1))).toEqual([TRAIL, ORG_TRAIL.replace(/\.gz$/, ""), DIGEST, EXPORT]);
  });

  it("replays the tree as it replays the same files listed one by one", () => {
    const root = tree();
    const listed = expandLocal([root], process.stdin).sources.map((f) => f.name);
    const walked = cli(["replay", "--json", "--now", "2026-06-01T00:00:00Z", root]);
    const byHand = cli(["replay", "--json", "--now", "2026-06-01T00:00:00Z", ...listed]);
    expect(walked.code).toBe(0);
    expect(walked.stdout).toBe(byHand.stdout);
    expect(walked.stderr).toBe(byHand.stderr);
    const summary = walked.stderr.split("\n").find((l) => l.startsWith("files "));
    expect(summary).toMatch(/^files 4, records \d+, .*alerts [1-9]\d*, rejected 0/);
    expect(summary).toMatch(/cloudtrail-digest 1/);
    expect(walked.stdout).toContain('"rule":"eni-unauthorized"');
  });

  it("reports a tree with no file in it and a dangling link, never a quiet exit 0", () => {
    const empty = mkdtempSync(join(tmpdir(), "cni-tree-"));
    mkdirSync(join(empty, "AWSLogs/111122223333/CloudTrail"), { recursive: true });
    const r = cli(["replay", "--json", empty]);
    expect(r.code).toBe(3); // never a false all-clear (replay-exit.test.ts)
    expect(r.stderr).toMatch(/no events: no input was read/);

    const root = tree();
    symlinkSync(join(root, "gone"), join(root, "exports/dangling"));
    const d = cli(["replay", "--json", "--now", "2026-06-01T00:00:00Z", root]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/cannot read .*exports\/dangling: ENOENT/);
    expect(d.stderr).toMatch(/^files 4, /m); // the rest was read
  });
});
