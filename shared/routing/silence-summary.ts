// The one message a silence leaves behind when it ends (expired, or removed early): what it
// held back — events, keys, worst severity — so that nothing silenced is lost from sight.
// Routed like the alerts it held back: its rule, cluster, account and region are the silence's
// own match values where they name exactly one.
import { RULE_IDS } from "../rules/ids.ts";
import { withRemediation } from "../render/attached.ts";
import { toMarkdown } from "../render/markdown.ts";
import { code, list, md, paragraph, remediation, strong } from "../render/remediation.ts";
import type { Alert, AlertRuleId } from "../types.ts";
import type { HeldBack, Silence } from "./silences.ts";

export const SILENCE_ENDED_RULE = "silence/ended";
const KEYS_SHOWN = 10;

/** A silence as kept in the stack's table: the silence plus how it ended and whom its summary reached. */
export interface SilenceRecord extends Silence {
  /** Ended early by `cni-auditor silence expire`: who and when (its `until` is then that time). */
  expiredBy?: string;
  expiredAt?: string;
  /** Sinks the end-of-silence summary reached (sent by the sweep, per sink). */
  summarizedTo?: string[];
}

const exact = (glob: string | undefined): string | null => (glob !== undefined && !/[*?]/.test(glob) ? glob : null);

export function silenceEndedAlert(s: SilenceRecord, held: HeldBack | undefined, keyCount = held?.keys.length ?? 0): Alert {
  const events = held?.events ?? 0;
  const ended = s.expiredAt ?? s.until;
  const how = s.expiredBy ? `removed by ${s.expiredBy}` : "expired";
  const title = events === 0
    ? `Silence ${s.id} ended (${how}): it held back nothing`
    : `Silence ${s.id} ended (${how}): it held back ${events} event${events === 1 ? "" : "s"} in ${keyCount} key${keyCount === 1 ? "" : "s"}, worst ${held!.worstSeverity}`;
  const rule: AlertRuleId = s.match.rule && (RULE_IDS as readonly string[]).includes(s.match.rule) ? (s.match.rule as AlertRuleId) : SILENCE_ENDED_RULE;
  const match = Object.entries(s.match).map(([k, v]) => md`${k} ${code(v)}`);
  const blocks = [
    paragraph(md`${strong("Reason:")} ${s.reason} (silenced by ${s.createdBy} at ${s.createdAt})`),
    paragraph([strong("Matched")]),
    list(match),
  ];
  if (held && held.keys.length > 0) {
    const keys = held.keys.slice(0, KEYS_SHOWN).map((k) => md`${code(k)}`);
    if (keyCount > KEYS_SHOWN) keys.push(md`… and ${keyCount - KEYS_SHOWN} more`);
    blocks.push(paragraph([strong("Keys held back")]), list(keys));
    blocks.push(paragraph(md`These alerts fire again from now on; replay or the fleet report shows their current state.`));
  }
  const doc = remediation(...blocks);
  return withRemediation(
    {
      rule,
      severity: held?.worstSeverity ?? "info",
      title,
      cluster: exact(s.match.cluster),
      account: s.match.account ?? null,
      region: s.match.region ?? null,
      dedupKey: `silence|${s.id}`,
      count: events,
      firstSeen: s.createdAt,
      lastSeen: ended,
      facts: { silence: s.id, heldBackEvents: events, heldBackKeys: keyCount, ...(held ? { worstSeverity: held.worstSeverity } : {}) },
      knownIssues: [],
      remediation: toMarkdown(doc),
      references: [],
      samples: [],
    },
    doc,
  );
}
