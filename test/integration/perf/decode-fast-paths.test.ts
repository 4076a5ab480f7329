// The decoder's speed-ups (issue 6) must not change what it accepts or returns: each fast path
// is checked against the plain code it replaced.
import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCloudWatchLogsEvent } from "../../../shared/sources/index.ts";
import { decodeBase64, gunzip } from "../../../shared/sources/gzip.ts";

const REGEX = /^[A-Za-z0-9+/]*={0,2}$/;
/** What decodeBase64 did before the shortcut. */
function plainBase64(s: string): Buffer | undefined {
  if (s.length === 0 || s.length % 4 === 1 || !REGEX.test(s)) return undefined;
  return Buffer.from(s, "base64");
}

/** Base64-ish text: valid encodings, then corrupted by characters Node treats specially. */
const base64ish = fc
  .tuple(
    fc.uint8Array({ maxLength: 40 }),
    fc.array(
      fc.record({
        at: fc.nat(),
        ch: fc.constantFrom("=", "-", "_", " ", "\n", ".", "*", "é", "Ł", "\u0141", "A", "+", "/", "==", "\u{1F600}"),
        replace: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    fc.constantFrom(0, 1, 2),
  )
  .map(([bytes, edits, dropPad]) => {
    let s = Buffer.from(bytes).toString("base64");
    if (dropPad) s = s.replace(new RegExp(`={0,${dropPad}}$`), "");
    for (const e of edits) {
      const i = s.length === 0 ? 0 : e.at % (s.length + 1);
      s = s.slice(0, i) + e.ch + s.slice(e.replace ? i + 1 : i);
    }
    return s;
  });

describe("decodeBase64 fast path", () => {
  it("accepts and returns exactly what the strict regex check did", () => {
    fc.assert(
      fc.property(base64ish, (s) => {
        const fast = decodeBase64(s);
        const plain = plainBase64(s);
        expect(fast === undefined).toBe(plain === undefined);
        if (fast && plain) expect(fast.equals(plain)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("rejects the near misses the length check must catch", () => {
    for (const s of ["Q===", "QQ==QUJD", "QU=D", "QUJ\u0141", "QUJDQQ=A", "QU-D", "QU_D", "QUJ D"]) {
      expect(decodeBase64(s), s).toBeUndefined();
    }
    expect(decodeBase64("QUJD")?.toString()).toBe("ABC");
  });
});

describe("gunzip sized from the gzip trailer", () => {
  const text = Buffer.from(JSON.stringify({ logEvents: Array.from({ length: 500 }, (_, i) => ({ id: String(i), message: "x".repeat(i % 97) })) }));
  const gz = gzipSync(text);

  it("inflates to the same bytes as a plain gunzipSync", () => {
    const r = gunzip(gz, false);
    expect(r.ok && r.data.equals(gunzipSync(gz))).toBe(true);
  });

  it("is unaffected by a trailer that lies about the size (the CRC still guards the data)", () => {
    for (const isize of [0, 1, 0xffffffff, text.length - 1]) {
      const lying = Buffer.from(gz);
      lying.writeUInt32LE(isize, lying.length - 4);
      const r = gunzip(lying, false);
      // A wrong ISIZE is itself corrupt gzip: zlib must still say so, not return partial data.
      expect(r.ok).toBe(isize === text.length);
    }
  });

  it("still reads several gzip members in a row and salvages a truncated stream", () => {
    const two = Buffer.concat([gzipSync("first "), gzipSync("second")]);
    const r = gunzip(two, false);
    expect(r.ok && r.data.toString()).toBe("first second");
    const cut = gunzip(gz.subarray(0, gz.length - 40), true);
    expect(cut.ok && cut.truncated !== undefined && text.subarray(0, cut.data.length).equals(cut.data)).toBe(true);
  });
});

describe("CloudWatch Logs payload text", () => {
  it("decodes non-ASCII messages as UTF-8 (the latin1 shortcut is for pure ASCII only)", () => {
    const record = {
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      auditID: "a1",
      stage: "ResponseComplete",
      verb: "get",
      userAgent: "kubectl/v1.31 (Zürich ✓ 日本)",
      stageTimestamp: "2026-03-02T09:00:00.000001Z",
    };
    const payload = {
      messageType: "DATA_MESSAGE",
      owner: "111122223333",
      logGroup: "/aws/eks/c1/cluster",
      logStream: "kube-apiserver-audit-0",
      subscriptionFilters: ["f"],
      logEvents: [{ id: "1", timestamp: 1, message: JSON.stringify(record) }],
    };
    const event = { awslogs: { data: gzipSync(JSON.stringify(payload)).toString("base64") } };
    const decoded = decodeCloudWatchLogsEvent(event, { defaults: { cluster: null, account: null, region: null } });
    expect(decoded.rejections).toEqual([]);
    expect(decoded.events[0]?.source === "audit" && decoded.events[0].record.userAgent).toBe(record.userAgent);
  });
});
