/** Output formats of `replay --format` (names only: the CLI's parser loads this, not the formatters). */
export const ALERT_FORMATS = ["text", "jsonl", "markdown", "csv", "ocsf", "asff", "sarif"] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

/**
 * Output formats of `fleet --format`: its summary, its report documents (markdown, json), and
 * its findings (alerts of `fleet/…` rules) in the alert formats.
 */
export const FLEET_FORMATS = ["text", "markdown", "md", "json", "jsonl", "csv", "ocsf", "asff", "sarif"] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];

/** Payloads `render --to` prints: exactly what that sink posts. */
export const RENDER_TARGETS = ["slack", "sns", "email", "asff"] as const;
export type RenderTarget = (typeof RENDER_TARGETS)[number];
