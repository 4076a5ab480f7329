// What every renderer does to event text before its own escaping: one line (a line break could
// start a fake section or close a code fence), no backticks (they could end a code span),
// hidden characters made visible, links defanged.
import { replaceControls } from "../core/text.ts";
import { defangLinks } from "./defang.ts";
import { showHidden } from "./visible.ts";

/** Event text made unable to shape what it is shown in (idempotent). */
export function neutral(s: string): string {
  return defangLinks(showHidden(replaceControls(s, " ").replace(/`/g, "\u02cb")));
}
