// Text SNS itself shows: the subject (mail subject, the `Subject` of every notification) and
// the message attributes. Printable ASCII on one line; event text made inert first.
import { defangLinks } from "../render/defang.ts";
import { showHidden } from "../render/visible.ts";
import { messageKind, type Delivery } from "./sink.ts";

/** SNS: subject "less than 100 characters", ASCII, no line breaks or control characters. */
export const SUBJECT_MAX = 99;

const LOOKALIKES: Array<[RegExp, string]> = [
  [/[\u2014\u2013\u2212]/g, "-"],
  [/\u00b7/g, "-"],
  [/\u2192/g, "->"],
  [/\u00d7/g, "x"],
  [/[\u2018\u2019]/g, "'"],
  [/[\u201c\u201d]/g, '"'],
  [/\u2026/g, "..."],
];

/**
 * Printable ASCII on one line: hidden characters shown (`<U+202E>`), links defanged, look-alikes
 * mapped, anything else dropped, spaces collapsed.
 */
export function asciiLine(text: string): string {
  let s = defangLinks(showHidden(text));
  for (const [re, to] of LOOKALIKES) s = s.replace(re, to);
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function snsSubject(delivery: Delivery): string {
  const { alert } = delivery;
  const kind = messageKind(delivery);
  const raw = `[${alert.severity.toUpperCase()}] ${kind === "open" ? "" : `${kind}: `}${alert.rule} ${alert.cluster ?? "unknown-cluster"}: ${alert.title}`;
  const s = asciiLine(raw);
  return s.length <= SUBJECT_MAX ? s : `${s.slice(0, SUBJECT_MAX - 3).trimEnd()}...`;
}
