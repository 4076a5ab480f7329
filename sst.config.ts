/// <reference path="./.sst/platform/config.d.ts" />
// One command per account and region: `npx sst deploy --stage prod` (README, "Deploy").
export default $config({
  app(input) {
    return {
      name: "cni-auditor",
      home: "aws",
      // Production keeps the dedup table and the reports, and refuses `sst remove`.
      removal: ["prod", "production"].includes(input?.stage ?? "") ? "retain" : "remove",
      protect: ["prod", "production"].includes(input?.stage ?? ""),
    };
  },
  async run() {
    const { loadInfraConfig } = await import("./infra/config.ts");
    const { deployAuditor } = await import("./infra/auditor.ts");
    return deployAuditor(loadInfraConfig($app.stage, process.env));
  },
});
