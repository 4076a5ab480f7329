/// <reference path="./.sst/platform/config.d.ts" />
// One command per account and region: `npx sst deploy --stage prod` (README, "Deploy").
export default $config({
  async app(input) {
    // Protection and retention follow the stage's `protect` setting (on unless the stage is
    // marked ephemeral, infra/modes.ts), never its name: `prod-euw1` is protected too.
    const { loadInfraConfig } = await import("./infra/config.ts");
    const { stageProtection } = await import("./infra/modes.ts");
    return {
      name: "cni-auditor",
      home: "aws",
      ...stageProtection(loadInfraConfig(input?.stage ?? "", process.env).protect),
    };
  },
  async run() {
    const { loadInfraConfig } = await import("./infra/config.ts");
    const { deployAuditor } = await import("./infra/auditor.ts");
    return deployAuditor(loadInfraConfig($app.stage, process.env));
  },
});
