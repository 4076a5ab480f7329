export * from "./version.ts";
export * from "./features.ts";
export * from "./known-issues.ts";
export * from "./recommendations.ts";
export * from "./reviewed.ts";
