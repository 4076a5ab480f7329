/** A plain JSON object (not null, not an array): the one shape test for untrusted input. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
