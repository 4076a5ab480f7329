// What each command was asked to do, parsed and checked: cli/parser/ builds these from the
// command line, cli/commands/ takes only these (so neither folder depends on the other's inside).
import type { Severity } from "../shared/core/severity.ts";
import type { AlertFormat, FleetFormat, RenderTarget, SnsFormat } from "../shared/output/formats.ts";

/** Everything `replay` was asked to do, parsed; the replay modules take only this. */
export interface ReplayOptions {
  files: string[];
  format: AlertFormat;
  /** Fill-ins for input that names no cluster/account/region: never overwrite a record's. */
  placement: { cluster?: string; account?: string; region?: string };
  window?: string;
  config?: string;
  snapshot?: string;
  /** A JSON array of silences (`--silences`). */
  silences?: string;
  /** The receive time (RFC 3339) that bounds event times; default the wall clock. */
  now?: string;
  minSeverity: Severity;
  /** Filters: an alert is printed only if it matches every non-empty list. */
  only: { clusters: string[]; rules: string[]; accounts: string[]; regions: string[] };
  color: boolean;
  /** Event-time range (RFC 3339 or a duration back from now), as given. */
  since?: string;
  until?: string;
  /** Exit 4 when an alert at or above this severity was produced. */
  failOn?: Severity;
  /** No progress line even on a terminal. */
  quiet: boolean;
  /** CloudWatch Logs groups to pull with FilterLogEvents, by name and by name prefix. */
  logGroups: string[];
  logGroupPrefixes: string[];
}

/** Everything `fleet` was asked to do, parsed and checked. */
export interface FleetOptions {
  regions: string[];
  accounts: string[];
  roleName: string | null;
  profile: string | undefined;
  concurrency: number;
  out: string | undefined;
  saveSnapshot: string | undefined;
  fromSnapshot: string | undefined;
  previous: string | undefined;
  format: Exclude<FleetFormat, "md">;
  color: boolean;
}

/** What `render` was asked to do. */
export interface RenderOptions {
  to: RenderTarget;
  file: string;
  topicArn: string | undefined;
  /** `--to sns`: the topic's format (chatbot: a topic AWS Chatbot reads). */
  snsFormat: SnsFormat;
  update: boolean;
}
