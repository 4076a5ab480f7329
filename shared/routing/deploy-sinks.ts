// Named sinks at deploy time (infra/): an `sns:<name>` sink that names no topic gets one the
// stack creates (`cni-auditor-<stage>-<name>`, encrypted with the alert topic's key); every named
// sink's IAM needs come from its own descriptor, given its topic and its secret's parameter.
import { SINKS, type SinkName } from "../sinks/index.ts";
import { NAMED_SINK, type NamedSinkSpecs } from "./settings-schema.ts";

/** The named SNS sinks whose topic the stack creates (they set no ALERT_TOPIC_ARN). */
export function createdTopics(named: NamedSinkSpecs): string[] {
  return Object.entries(named)
    .filter(([name, vars]) => NAMED_SINK.exec(name)?.[1] === "sns" && !vars.ALERT_TOPIC_ARN)
    .map(([name]) => name);
}

/** The named sinks with the created topics' ARNs filled in (`arnOf` gives them). */
export function withCreatedTopics<A>(named: NamedSinkSpecs, arnOf: (name: string) => A): Record<string, Record<string, string | A>> {
  const created = new Set(createdTopics(named));
  return Object.fromEntries(Object.entries(named).map(([name, vars]) => [name, created.has(name) ? { ...vars, ALERT_TOPIC_ARN: arnOf(name) } : vars]));
}

/** What a named sink's descriptor needs resources for: its type, its topic, its secret parameter's name. */
export interface NamedSinkNeeds<A> {
  name: string;
  type: SinkName;
  topic: A | string | null;
  secretParameter: string | null;
}

export function namedSinkNeeds<A>(named: NamedSinkSpecs, createdArn: (name: string) => A): NamedSinkNeeds<A>[] {
  const created = new Set(createdTopics(named));
  return Object.entries(named).map(([name, vars]) => {
    const type = NAMED_SINK.exec(name)![1] as SinkName;
    const secret = SINKS[type].secret?.variable;
    return {
      name,
      type,
      topic: created.has(name) ? createdArn(name) : (vars.ALERT_TOPIC_ARN ?? null),
      secretParameter: secret ? (vars[secret] ?? null) : null,
    };
  });
}

/**
 * Named sinks whose secret is given as a value rather than as its SSM parameter: a deployed
 * stack keeps secrets out of its environment, so these are refused.
 */
export function plaintextSecrets(named: NamedSinkSpecs): string[] {
  return Object.entries(named)
    .filter(([name, vars]) => {
      const type = NAMED_SINK.exec(name)?.[1] as SinkName | undefined;
      const secret = type && type in SINKS ? SINKS[type].secret?.variable : undefined;
      return secret !== undefined && !vars[secret];
    })
    .map(([name]) => name);
}

/** A placeholder topic ARN, for validating the settings before the topics exist. */
export const PLACEHOLDER_TOPIC = "arn:aws:sns:us-east-1:000000000000:created-by-the-stack";
