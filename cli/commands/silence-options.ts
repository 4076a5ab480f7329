/** Where the stack's silences live, and with whose credentials. */
export interface SilenceTarget {
  table: string;
  region?: string;
  profile?: string;
}

export interface SilenceAddOptions extends SilenceTarget {
  match: Record<string, string>;
  until: string;
  reason: string;
  maxSeverity?: string;
  id?: string;
}
