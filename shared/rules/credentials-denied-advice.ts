import type { FoldedAlert } from "../types.ts";
import { AWS_NODE_SA, roleName } from "./predicates.ts";
import { block, clusterArg, code, regionArg } from "./text.ts";

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
): { cause: string; fix: string; check: string } {
  const cluster = clusterArg(alert);
  const region = regionArg(alert);
  const role = roleName(f.roleArn);
  const account = alert.account ?? "<account>";
  const issuer = issuerPath(f.provider) ?? `oidc.eks.${alert.region ?? "<region>"}.amazonaws.com/id/<ID>`;
  const providerArn = f.provider ?? `arn:aws:iam::${account}:oidc-provider/${issuer}`;
  const noProvider = f.errorCode === "InvalidIdentityToken" || /OpenIDConnect provider/i.test(f.message ?? "");
  const cause = noProvider
    ? `STS found no IAM OIDC provider for the token's issuer ${code(issuer)}: the cluster's OIDC provider was never created, ` +
      "was deleted, or belongs to an older cluster of the same name."
    : `the trust policy of ${code(role)} does not let ${code(AWS_NODE_SA)} from ${code(issuer)} assume it: a wrong or old ` +
      "OIDC provider id (cluster re-created), a wrong `:sub`/`:aud` condition, or a missing `sts:AssumeRoleWithWebIdentity`.";
  const fix =
    "compare the cluster's issuer with the IAM OIDC providers and the role's trust, create the provider if missing, " +
    "write the trust policy, and restart aws-node:\n" +
    block(
      `aws eks describe-cluster --name ${cluster} --query cluster.identity.oidc.issuer --output text${region}`,
      "aws iam list-open-id-connect-providers",
      `eksctl utils associate-iam-oidc-provider --cluster ${cluster} --approve${region}`,
      `aws iam get-role --role-name ${role} --query Role.AssumeRolePolicyDocument`,
      `aws iam update-assume-role-policy --role-name ${role} --policy-document '${irsaTrustPolicy(providerArn, issuer)}'`,
      "kubectl rollout restart daemonset aws-node -n kube-system",
    ) +
    "\n(Without eksctl: `aws iam create-open-id-connect-provider --url https://<issuer> --client-id-list sts.amazonaws.com`.)";
  const check =
    "`kubectl -n kube-system get pods -l k8s-app=aws-node` are Ready; CloudTrail shows `AssumeRoleWithWebIdentity` for aws-node " +
    "succeeding and the next window brings no new alert.";
  return { cause, fix, check };
}

export function podIdentityAdvice(alert: FoldedAlert, f: { message: string | null }): { cause: string; fix: string; check: string } {
  const cluster = clusterArg(alert);
  const region = regionArg(alert);
  const callerDenied = /not authorized to perform:?\s*eks-auth:AssumeRoleForPodIdentity/i.test(f.message ?? "");
  const cause = callerDenied
    ? "the node's instance role may not call `eks-auth:AssumeRoleForPodIdentity` (AmazonEKSWorkerNodePolicy has it since 2023-11-26), so the Pod Identity agent gets no credentials for any pod."
    : "EKS could not assume the role associated with the pod (\"EKS does not have permissions to assume the associated role\"): " +
      "its trust policy does not allow `pods.eks.amazonaws.com` with `sts:AssumeRole` and `sts:TagSession`, a trust condition on " +
      "session tags (`eks-cluster-name`, `kubernetes-namespace`) does not match, or the role is gone. An IRSA role cannot be reused as it is.";
  const fix = callerDenied
    ? block("aws iam attach-role-policy --role-name <node-role> --policy-arn arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy")
    : "find aws-node's association and its role, fix the role's trust, then restart aws-node (only new pods get credentials):\n" +
      block(
        `aws eks list-pod-identity-associations --cluster-name ${cluster} --namespace kube-system --service-account aws-node${region}`,
        `aws eks describe-pod-identity-association --cluster-name ${cluster} --association-id <id> --query association.roleArn${region}`,
        "aws iam get-role --role-name <cni-pod-identity-role> --query Role.AssumeRolePolicyDocument",
        `aws iam update-assume-role-policy --role-name <cni-pod-identity-role> --policy-document '${POD_IDENTITY_TRUST}'`,
        "kubectl rollout restart daemonset aws-node -n kube-system",
      ) +
      "\nPod Identity also needs vpc-cni ≥ v1.15.5-eksbuild.1 and eks-pod-identity-agent ≥ v1.2.0-eksbuild.1 " +
      `(\`aws eks describe-addon --cluster-name ${cluster} --addon-name eks-pod-identity-agent --query addon.addonVersion${region}\`).`;
  const check =
    "`kubectl -n kube-system get pods -l k8s-app=aws-node` are Ready; CloudTrail shows `AssumeRoleForPodIdentity` succeeding " +
    "and the next window brings no new alert.";
  return { cause, fix, check };
}
