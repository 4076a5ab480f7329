// The bench's stream and workloads, checked for what the bench's figures rely on (no timing):
// the stream is deterministic and realistic enough to matter, and the prefilter changes
// nothing the pipeline reports — on realistic traffic, not only on generated records.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../../shared/store/memory-store.ts";
import { toAlert } from "../../../shared/rules/alert.ts";
import { DEFAULT_STREAM, generateMaxPayload, generateStream } from "../../../bench/stream.ts";
import { baselinePass, floorPass, pipelinePass, pipelineSetup, sizedFloorPass } from "../../../bench/workloads.ts";

const opts = { ...DEFAULT_STREAM, payloads: 12 };
const stream = generateStream(opts);
const events = stream.map((p) => p.event);
const planted = stream.reduce((n, p) => n + Object.values(p.planted).reduce((a, b) => a + b, 0), 0);

describe("the bench stream", () => {
  it("is the same bytes for the same seed, and other bytes for another", () => {
    expect(generateStream(opts).map((p) => p.event.awslogs.data)).toEqual(events.map((e) => e.awslogs.data));
    expect(generateStream({ ...opts, seed: opts.seed + 1 })[0]!.event.awslogs.data).not.toBe(events[0]!.awslogs.data);
  });

  it("has payloads of hundreds of audit events from several clusters, about 0.5% relevant", () => {
    const total = stream.reduce((n, p) => n + p.events, 0);
    expect(total / stream.length).toBeGreaterThan(500);
    expect(new Set(stream.map((p) => p.cluster)).size).toBeGreaterThan(2);
    expect(planted / total).toBeGreaterThan(0.002);
    expect(planted / total).toBeLessThan(0.01);
    const payload = JSON.parse(gunzipSync(Buffer.from(events[0]!.awslogs.data, "base64")).toString()) as {
      logGroup: string;
      logEvents: Array<{ message: string }>;
    };
    expect(payload.logGroup).toMatch(/^\/aws\/eks\/[^/]+\/cluster$/);
    // Go's encoder escapes & in URIs: the prefilter meets real escapes.
    expect(payload.logEvents.some((e) => e.message.includes("\\u0026"))).toBe(true);
  });

  it("yields a maximum-size payload near the 1 MB limit", () => {
    const max = generateMaxPayload(7, 256 * 1024); // smaller limit: same code path, faster test
    expect(max.compressedBytes).toBeLessThanOrEqual(256 * 1024);
    expect(max.compressedBytes).toBeGreaterThan(250 * 1024);
  });
});

describe("the workloads", () => {
  it("every planted relevant event is matched, and the prefilter changes no alert", async () => {
    const withPrefilter = new MemoryStore();
    const without = new MemoryStore();
    const a = await pipelinePass(events, pipelineSetup(opts.extraSystemUsers ?? []), withPrefilter);
    const b = await pipelinePass(events, pipelineSetup(opts.extraSystemUsers ?? [], false), without);
    expect(a.matched).toBe(planted);
    expect(a.filtered).toBeGreaterThan(a.events * 0.9); // it drops most of the noise unparsed
    expect(b.filtered).toBe(0);
    expect(withPrefilter.windows().map(toAlert)).toEqual(without.windows().map(toAlert));
  });

  it("baseline and floor see every event and byte", () => {
    const total = stream.reduce((n, p) => n + p.events, 0);
    expect(baselinePass(events).events).toBe(total);
    expect(floorPass(events)).toBe(stream.reduce((n, p) => n + p.uncompressedBytes, 0));
    expect(sizedFloorPass(events)).toBe(floorPass(events));
  });
});
