// The hot-path prefilter for audit-log messages, derived from the rules' AuditTriggers.
// `matchAll` only runs a rule when its trigger accepts the record, so a message whose record
// no enabled trigger can accept cannot produce a finding and need not be parsed. The check
// runs on the raw message text (see json-fields.ts) and errs only towards keeping: an escaped
// value or key, odd whitespace, key order or number spelling never makes it drop an event that
// a trigger accepts (test/unit/prefilter proves this over generated events).
import type { AuditorConfig } from "../config.ts";
import type { AuditTrigger, Rule } from "../rules/rule.ts";
import { enabledAuditTriggers } from "./enabled-triggers.ts";
import { fieldPattern, mayHideKey, someValue } from "./json-fields.ts";
import { hasNoSubresource } from "./subresource.ts";

/** Returns false only for messages that no trigger can accept. */
export type AuditMessageFilter = (raw: string) => boolean;

type Key = "code" | "verb" | "resource" | "username";

interface FieldTest {
  /** Identical tests of several triggers run once per message. */
  signature: string;
  /** Cheaper or more selective first: most noise fails the first test it meets. */
  rank: number;
  /** Key names the test reads from the raw text (an escaped spelling must keep the event). */
  keys: readonly string[];
  run: (raw: string) => boolean;
}

function valueTest(key: Key, signature: string, rank: number, accept: (v: string | number) => boolean): FieldTest {
  const pattern = fieldPattern(key); // one regex per test: its lastIndex is its own
  return { signature, rank, keys: [key], run: (raw) => someValue(raw, pattern, accept) };
}

// A value of the wrong type passes: the decoder rejects such a record, and a rejection must be
// reported, not prefiltered away unseen.
function oneOf(key: Key, values: readonly string[], rank: number): FieldTest {
  const set = new Set(values);
  return valueTest(key, `${key}=${[...set].sort().join("\u0000")}`, rank, (v) => typeof v !== "string" || set.has(v));
}

/** The trigger's fields as tests (ANDed), most selective first. */
function fieldTests(t: AuditTrigger, extraUsers: readonly string[]): FieldTest[] {
  const tests: FieldTest[] = [];
  if (t.codes !== undefined || t.codeBelow !== undefined) {
    const codes = t.codes;
    const below = t.codeBelow;
    tests.push(
      valueTest(
        "code",
        `code=${codes?.join(",") ?? "*"}<${below ?? "*"}`,
        codes !== undefined ? 0 : 4, // "below 400" is most events; exact codes are rare
        (v) => typeof v !== "number" || ((codes === undefined || codes.includes(v)) && (below === undefined || v < below)),
      ),
    );
  }
  if (t.users !== undefined) tests.push(oneOf("username", t.usersFromConfig ? [...t.users, ...extraUsers] : t.users, 1));
  if (t.resources !== undefined) tests.push(oneOf("resource", t.resources, 2));
  if (t.verbs !== undefined) tests.push(oneOf("verb", t.verbs, 3));
  if (t.noSubresource) {
    const named = t.resources !== undefined;
    // Last: it may parse, and runs only on what every other test of the trigger let through.
    tests.push({ signature: `noSubresource${named ? "+resources" : ""}`, rank: 9, keys: [], run: (raw) => hasNoSubresource(raw, named) });
  }
  return tests.sort((a, b) => a.rank - b.rank);
}

/**
 * Compiles triggers (ORed; fields inside one trigger ANDed, as `auditTriggerAccepts` reads
 * them) into a predicate on raw audit-event JSON. `extraSystemUsers` joins the users of
 * triggers with `usersFromConfig`.
 */
export function compileAuditPrefilter(triggers: readonly AuditTrigger[], extraSystemUsers: readonly string[] = []): AuditMessageFilter {
  const tests: FieldTest[] = [];
  const bySignature = new Map<string, number>();
  const plans = triggers.map((t) =>
    fieldTests(t, extraSystemUsers).map((test) => {
      let index = bySignature.get(test.signature);
      if (index === undefined) {
        index = tests.push(test) - 1;
        bySignature.set(test.signature, index);
      }
      return index;
    }),
  );
  const keyChars = new Set<number>();
  for (const test of tests) for (const key of test.keys) for (const c of key) keyChars.add(c.charCodeAt(0));
  // Per-message memo of test results: 0 not run, 1 passed, 2 failed.
  const results = new Uint8Array(tests.length);

  return (raw) => {
    results.fill(0);
    for (const plan of plans) {
      let all = true;
      for (const i of plan) {
        let r = results[i]!;
        if (r === 0) results[i] = r = tests[i]!.run(raw) ? 1 : 2;
        if (r === 2) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    // Every trigger failed on the keys as written; an escaped key could still hide a match.
    return mayHideKey(raw, keyChars);
  };
}

/** The prefilter for the enabled audit rules under `config` (disabled rules never match). */
export function auditPrefilterFor(rules: readonly Rule[], config: Pick<AuditorConfig, "disabledRules" | "extraSystemUsers">): AuditMessageFilter {
  return compileAuditPrefilter(enabledAuditTriggers(rules, config), config.extraSystemUsers);
}
