/**
 * The day the known-issue catalog was last checked against upstream releases and the AWS
 * docs (shared/domain-2026-12.md). `cni-auditor --version` shows it: a stale catalog is a
 * reason to upgrade. Change it whenever entries are reviewed.
 */
export const CATALOG_REVIEWED = "2026-12-03";
