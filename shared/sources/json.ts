// JSON helpers that never throw and never recurse into untrusted depth.
// (V8's JSON.parse is iterative, so deep nesting parses; JSON.stringify is not.)
import { createHash } from "node:crypto";

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export type JsonObject = Record<string, unknown>;

export { isObject } from "../core/object.ts";

/** "null", "array", "object", "string", "number", "boolean" — for reasons. */
export function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** The first few keys of an object, for an "unknown shape" reason. */
export function someKeys(o: JsonObject, max = 6): string {
  const keys: string[] = [];
  for (const k in o) {
    if (keys.length === max) {
      keys.push("…");
      break;
    }
    keys.push(k);
  }
  return keys.length === 0 ? "no keys" : `keys: ${keys.join(", ")}`;
}

/** A short hex digest; stable for the same input. */
export function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/** Hash of a record's content, or undefined when it nests too deeply to serialise. */
export function contentHash(value: unknown): string | undefined {
  try {
    return digest(JSON.stringify(value));
  } catch {
    return undefined;
  }
}
