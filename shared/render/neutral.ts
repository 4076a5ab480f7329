// What every renderer does to event text before its own escaping: one line (a line break could
// start a fake section or close a code fence), no backticks (they could end a code span),
// hidden characters made visible, links defanged.
import { defangLinks } from "./defang.ts";
import { showHidden } from "./visible.ts";

/** Control characters and Unicode line separators. */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Event text made unable to shape what it is shown in (idempotent). */
export function neutral(s: string): string {
  return defangLinks(showHidden(s.replace(CONTROL, " ").replace(/`/g, "\u02cb")));
}
