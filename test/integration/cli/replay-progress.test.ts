// The progress line: on a terminal only, never with --quiet or in a pipe; files, bytes,
// events/s and an ETA when the total size is known; cleared before the summary.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { progressFor, progressLine } from "../../../cli/commands/replay-progress.ts";
import { cli } from "../../helpers/cli.ts";

function sink(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  let out = "";
  const w = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  return Object.assign(w, { isTTY, text: () => out });
}

describe("replay's progress line", () => {
  it("shows files, bytes, events/s and an ETA on a terminal, then clears itself", () => {
    const out = sink(true);
    let now = 0;
    const p = progressLine(out, 2, 4 * 1024 * 1024, () => now);
    p.startFile({ name: "a", read: async () => ({}) as never });
    now = 1000;
    for (let i = 0; i < 2048; i++) p.event();
    now = 2000; // redrawn at most every 200 ms
    p.bytes(1024 * 1024);
    expect(out.text()).toMatch(/\rreplay: file 1\/2, 1\.0 MB of 4\.0 MB, 1024 events\/s, ETA 6s/);
    p.done();
    expect(out.text().endsWith("\r\u001b[K")).toBe(true);
  });

  it("is silent when stderr is not a terminal, or with --quiet", () => {
    const sources = [{ name: "a", size: 10, read: async () => ({}) as never }];
    expect(progressFor(sink(false), false, sources)).toBeUndefined();
    expect(progressFor(sink(true), true, sources)).toBeUndefined();
    expect(progressFor(sink(true), false, sources)).toBeDefined();
  });

  it("writes nothing but the summary to a piped stderr", () => {
    const run = cli(["replay", "--json", "examples/incident"]);
    expect(run.stderr).not.toContain("\r");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});
