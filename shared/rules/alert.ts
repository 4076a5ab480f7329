import { ALL_RULES } from "./index.ts";
import type { Alert, FoldedAlert } from "../types.ts";
import { renderAlert } from "./render-alert.ts";

export { byFirstSeen, renderAlert } from "./render-alert.ts";

/** `renderAlert` with every rule: the CLI's and the tests' entry. */
export function toAlert(folded: FoldedAlert): Alert {
  return renderAlert(ALL_RULES, folded);
}
