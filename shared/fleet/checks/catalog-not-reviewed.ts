import { CATALOG_REVIEW, newerThanReviewed } from "../../catalog/index.ts";
import type { FleetCheck } from "../check.ts";
import { listVersionsCmd, md, paragraphs, sh, text } from "../commands.ts";

// An add-on newer than anything the catalog review saw: no finding of fleet/known-issue
// does not mean it is clean, only that nobody has checked its releases yet.
const REVIEWED_ADDONS = Object.keys(CATALOG_REVIEW.versions);

export const check: FleetCheck = {
  id: "fleet/catalog-not-reviewed",
  summary: "An add-on version is newer than the known-issue catalog's review: not reviewed yet, known issues unknown",
  looksAt: "the vpc-cni and eks-pod-identity-agent add-on versions against the newest versions the catalog review saw",
  severity: "info",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s/blob/master/CHANGELOG.md"],
  evaluate(c) {
    return c.addons
      .filter((a) => REVIEWED_ADDONS.includes(a.name) && newerThanReviewed(a.name, a.version))
      .map((a) => {
        const seen = CATALOG_REVIEW.versions[a.name] ?? "";
        return {
          subject: a.name,
          title: `${a.name} ${a.version} on ${c.name} is not reviewed yet: known issues unknown (catalog reviewed ${CATALOG_REVIEW.date}, up to ${seen})`,
          facts: { addon: a.name, addonVersion: a.version, catalogReviewed: CATALOG_REVIEW.date, newestReviewed: seen },
          remediation: paragraphs(
            md`The known-issue catalog was checked on ${CATALOG_REVIEW.date} against releases up to ${seen}; ${a.version ?? ""} came later, so the absence of other findings says nothing about it.`,
            text("Read its release notes before relying on it, and compare with what EKS offers for this cluster:"),
            sh(listVersionsCmd(c, a.name)),
          ),
        };
      });
  },
};
