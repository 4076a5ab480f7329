import { defineConfig } from "vitest/config";

// `npm test` builds the bundles first (end-to-end tests spawn dist/ artefacts). Timeouts are
// generous because CI and this machine are shared 2-core hosts: a test asserts behaviour, never speed.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
