export * from "./version.ts";
export * from "./features.ts";
export * from "./known-issues.ts";
export * from "./recommendations.ts";
export * from "./review.ts";
export * from "./iam-actions.ts";
export { POD_IDENTITY_AGENT_IPV4_CONFIG } from "./entries-pod-identity-agent.ts";
export * from "./resource-controller.ts";
