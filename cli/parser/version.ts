import { CATALOG_REVIEW } from "../../shared/catalog/review.ts";

declare const __CNI_AUDITOR_VERSION__: string | undefined;

/** The package version, put in by the build (scripts/build.mjs); tests run unbuilt code. */
export const VERSION = typeof __CNI_AUDITOR_VERSION__ === "string" ? __CNI_AUDITOR_VERSION__ : "0.0.0-dev";

export function versionText(): string {
  return `cni-auditor ${VERSION} (known-issue catalog reviewed ${CATALOG_REVIEW.date}; node ${process.version})`;
}
