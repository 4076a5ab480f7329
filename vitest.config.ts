import { defineConfig } from "vitest/config";

// `npm test` builds the bundles first (end-to-end tests spawn dist/ artefacts).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
