import { isObject } from "../../shared/core/object.ts";
import { parseSeverity, SEVERITIES } from "../../shared/core/severity.ts";
import type { Alert } from "../../shared/types.ts";

const STRINGS = ["rule", "title", "dedupKey", "firstSeen", "lastSeen", "remediation"] as const;
const NULLABLE = ["cluster", "account", "region"] as const;
const LISTS = ["knownIssues", "references", "samples"] as const;

/** One alert object, an array of them, or JSON Lines (what `replay --json` prints). */
export function parseAlerts(text: string): Alert[] {
  const trimmed = text.trim();
  if (trimmed === "") throw new Error("no alert in the input");
  let values: unknown[];
  try {
    const whole: unknown = JSON.parse(trimmed);
    values = Array.isArray(whole) ? whole : [whole];
  } catch {
    values = trimmed.split("\n").filter((l) => l.trim() !== "").map((l, i) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        throw new Error(`line ${i + 1}: not JSON`);
      }
    });
  }
  return values.map((v, i) => checkAlert(v, `alert ${i + 1}`));
}

function checkAlert(v: unknown, where: string): Alert {
  if (!isObject(v)) throw new Error(`${where}: expected an alert object`);
  const o = v;
  for (const k of STRINGS) if (typeof o[k] !== "string") throw new Error(`${where}: ${k} must be a string`);
  for (const k of NULLABLE) if (o[k] !== null && typeof o[k] !== "string") throw new Error(`${where}: ${k} must be a string or null`);
  for (const k of LISTS) {
    if (!Array.isArray(o[k]) || !(o[k] as unknown[]).every((x) => typeof x === "string")) throw new Error(`${where}: ${k} must be a list of strings`);
  }
  if (typeof o.severity !== "string" || !parseSeverity(o.severity)) throw new Error(`${where}: severity must be one of ${SEVERITIES.join(", ")}`);
  if (!Number.isInteger(o.count) || (o.count as number) < 1) throw new Error(`${where}: count must be a positive integer`);
  if (!isObject(o.facts)) throw new Error(`${where}: facts must be an object`);
  return o as unknown as Alert;
}
