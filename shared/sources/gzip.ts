// Gzip detection by magic bytes (never by file name) and gunzip that salvages truncated input.
import { constants, gunzipSync } from "node:zlib";

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export type Gunzipped =
  | { ok: true; data: Buffer; truncated?: string }
  | { ok: false; error: string };

/**
 * Gunzips. A truncated stream (an interrupted download) yields what was decompressed and the
 * reason, so complete records before the cut still count; corrupt data yields an error.
 */
export function gunzip(bytes: Uint8Array, salvage: boolean): Gunzipped {
  try {
    return { ok: true, data: gunzipSync(bytes) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (salvage && e.code === "Z_BUF_ERROR") {
      try {
        const data = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
        return { ok: true, data, truncated: e.message };
      } catch {
        // fall through to the original error
      }
    }
    return { ok: false, error: e.message };
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (Buffer.from silently skips invalid characters); undefined when invalid. */
export function decodeBase64(s: string): Buffer | undefined {
  if (s.length === 0 || s.length % 4 === 1 || !BASE64.test(s)) return undefined;
  return Buffer.from(s, "base64");
}
