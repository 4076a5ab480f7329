import type { FoldedAlert } from "../types.ts";
import { AWS_NODE_SA, roleName } from "./predicates.ts";
import { blank, checked, roleNameOf } from "../render/command-values.ts";
import type { Block, Inline } from "../render/remediation.ts";
import { block, cat, clusterArg, cmd, code, inlineCommand, managedPolicyArn, md, partitionArg, regionArg, text } from "./text.ts";

/** What the advice of one identity path says: cause, fix, check. */
export interface Advice {
  cause: Inline;
  fix: Array<Inline | Block>;
  check: Inline;
}

// Remediation text of credentials-denied: IRSA trust / OIDC provider, Pod Identity trust / agent.

/** "arn:aws:iam::1:oidc-provider/oidc.eks.r.amazonaws.com/id/X" → "oidc.eks.r.amazonaws.com/id/X". */
export function issuerPath(providerArn: string | null): string | null {
  const m = providerArn ? /:oidc-provider\/(.+)$/.exec(providerArn) : null;
  return m?.[1] ?? null;
}

export function irsaTrustPolicy(providerArn: string, issuer: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${issuer}:sub`]: AWS_NODE_SA, [`${issuer}:aud`]: "sts.amazonaws.com" } },
      },
    ],
  });
}

export const POD_IDENTITY_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
  ],
});

export function irsaAdvice(
  alert: FoldedAlert,
  f: { roleArn: string | null; provider: string | null; errorCode: string | null; message: string | null },
): Advice {
  const cluster = clusterArg(alert);
  const region = regionArg(alert);
  const role = roleName(f.roleArn);
  const roleArg = roleNameOf(f.roleArn);
  const issuer = issuerPath(f.provider) ?? `oidc.eks.${alert.region ?? "<region>"}.amazonaws.com/id/<ID>`;
  const partition = partitionArg(alert);
  const providerArn = f.provider ?? `arn:${typeof partition === "string" ? partition : "<partition>"}:iam::${alert.account ?? "<account>"}:oidc-provider/${issuer}`;
  // The trust policy quotes the provider and issuer: only when they have their grammar.
  const trustable = f.provider === null || (checked("oidcProviderArn", f.provider) === f.provider && checked("oidcIssuer", issuer) === issuer);
  const policy = trustable ? irsaTrustPolicy(providerArn, issuer) : checked("oidcProviderArn", f.provider);
  const noProvider = f.errorCode === "InvalidIdentityToken" || /OpenIDConnect provider/i.test(f.message ?? "");
  const cause = noProvider
    ? cat(
        md`STS found no IAM OIDC provider for the token's issuer ${code(issuer)}: the cluster's OIDC provider was never created, `,
        text("was deleted, or belongs to an older cluster of the same name."),
      )
    : cat(
        md`the trust policy of ${code(role)} does not let ${code(AWS_NODE_SA)} from ${code(issuer)} assume it: a wrong or old `,
        text("OIDC provider id (cluster re-created), a wrong `:sub`/`:aud` condition, or a missing `sts:AssumeRoleWithWebIdentity`."),
      );
  const fix = [
    text(
      "compare the cluster's issuer with the IAM OIDC providers and the role's trust, create the provider if missing, " +
        "write the trust policy, and restart aws-node:",
    ),
    block(
      cmd("aws", "eks", "describe-cluster", "--name", cluster, "--query", "cluster.identity.oidc.issuer", "--output", "text", ...region),
      cmd("aws", "iam", "list-open-id-connect-providers"),
      cmd("eksctl", "utils", "associate-iam-oidc-provider", "--cluster", cluster, "--approve", ...region),
      cmd("aws", "iam", "get-role", "--role-name", roleArg, "--query", "Role.AssumeRolePolicyDocument"),
      cmd("aws", "iam", "update-assume-role-policy", "--role-name", roleArg, "--policy-document", policy),
      cmd("kubectl", "rollout", "restart", "daemonset", "aws-node", "-n", "kube-system"),
    ),
    text("(Without eksctl: `aws iam create-open-id-connect-provider --url https://<issuer> --client-id-list sts.amazonaws.com`.)"),
  ];
  const check = text(
    "`kubectl -n kube-system get pods -l k8s-app=aws-node` are Ready; CloudTrail shows `AssumeRoleWithWebIdentity` for aws-node " +
      "succeeding and the next window brings no new alert.",
  );
  return { cause, fix, check };
}

export function podIdentityAdvice(alert: FoldedAlert, f: { message: string | null }): Advice {
  const cluster = clusterArg(alert);
  const region = regionArg(alert);
  const callerDenied = /not authorized to perform:?\s*eks-auth:AssumeRoleForPodIdentity/i.test(f.message ?? "");
  const cause = callerDenied
    ? text("the node's instance role may not call `eks-auth:AssumeRoleForPodIdentity` (AmazonEKSWorkerNodePolicy has it since 2023-11-26), so the Pod Identity agent gets no credentials for any pod.")
    : text(
        "EKS could not assume the role associated with the pod (\"EKS does not have permissions to assume the associated role\"): " +
          "its trust policy does not allow `pods.eks.amazonaws.com` with `sts:AssumeRole` and `sts:TagSession`, a trust condition on " +
          "session tags (`eks-cluster-name`, `kubernetes-namespace`) does not match, or the role is gone. An IRSA role cannot be reused as it is.",
      );
  const piRole = blank("<cni-pod-identity-role>");
  const fix = callerDenied
    ? [block(cmd("aws", "iam", "attach-role-policy", "--role-name", blank("<node-role>"), "--policy-arn", managedPolicyArn(alert, "AmazonEKSWorkerNodePolicy")))]
    : [
        text("find aws-node's association and its role, fix the role's trust, then restart aws-node (only new pods get credentials):"),
        block(
          cmd("aws", "eks", "list-pod-identity-associations", "--cluster-name", cluster, "--namespace", "kube-system", "--service-account", "aws-node", ...region),
          cmd("aws", "eks", "describe-pod-identity-association", "--cluster-name", cluster, "--association-id", blank("<id>"), "--query", "association.roleArn", ...region),
          cmd("aws", "iam", "get-role", "--role-name", piRole, "--query", "Role.AssumeRolePolicyDocument"),
          cmd("aws", "iam", "update-assume-role-policy", "--role-name", piRole, "--policy-document", POD_IDENTITY_TRUST),
          cmd("kubectl", "rollout", "restart", "daemonset", "aws-node", "-n", "kube-system"),
        ),
        md`Pod Identity also needs vpc-cni ≥ v1.15.5-eksbuild.1 and eks-pod-identity-agent ≥ v1.2.0-eksbuild.1 (${inlineCommand(
          cmd("aws", "eks", "describe-addon", "--cluster-name", cluster, "--addon-name", "eks-pod-identity-agent", "--query", "addon.addonVersion", ...region),
        )}).`,
      ];
  const check = text(
    "`kubectl -n kube-system get pods -l k8s-app=aws-node` are Ready; CloudTrail shows `AssumeRoleForPodIdentity` succeeding " +
      "and the next window brings no new alert.",
  );
  return { cause, fix, check };
}
