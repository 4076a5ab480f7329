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
export const RENDER_TARGETS = ["slack", "sns", "email", "chatbot", "asff"] as const;
export type RenderTarget = (typeof RENDER_TARGETS)[number];

/** What an SNS topic's subscribers read: the alert JSON (programs), or AWS Chatbot's custom-notification format. */
export const SNS_FORMATS = ["alert", "chatbot"] as const;
export type SnsFormat = (typeof SNS_FORMATS)[number];
