import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inert } from "../../../cli/terminal-text.ts";
import { cli } from "../../helpers/cli.ts";

const ESC = "\u001b";

describe("text from events and APIs on a terminal", () => {
  it("turns control characters into U+FFFD and keeps the rest", () => {
    expect(inert(`a${ESC}[31mb\nc\u2028d`)).toBe("a\ufffd[31mb\ufffdc\ufffdd");
    expect(inert("plain <text> & ünïcode")).toBe("plain <text> & ünïcode");
  });

  it("cannot drive the terminal through the fleet summary", () => {
    const snapshot = JSON.parse(readFileSync("test/fixtures/fleet/snapshot-test-fleet.json", "utf8"));
    for (const c of snapshot.clusters) c.name = `${c.name}${ESC}]0;pwned${ESC}\\${ESC}[2J`;
    const file = join(mkdtempSync(join(tmpdir(), "cni-fleet-")), "snapshot.json");
    writeFileSync(file, JSON.stringify(snapshot));
    const run = cli(["fleet", "--from-snapshot", file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("findings");
    expect(run.stdout).not.toContain(ESC);
    expect(run.stdout).toContain("\ufffd]0;pwned");
  });
});
