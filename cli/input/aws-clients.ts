// The SDK clients replay reads AWS with: the user's normal credential chain (AWS_PROFILE, SSO,
// environment, instance role), their region (AWS_REGION, the profile, or --region), and the
// SDK's adaptive retry mode, which backs off on throttling and slows the client down to the
// rate the service allows. AWS_MAX_ATTEMPTS / AWS_RETRY_MODE still win when set.
// A custom endpoint (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3: an S3-compatible store, a test
// peer) is taken by the SDK itself; S3 is then addressed path-style, as such stores expect.
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { S3Client } from "@aws-sdk/client-s3";

export interface AwsOptions {
  region?: string;
  env: NodeJS.ProcessEnv;
}

function common(opts: AwsOptions): { region?: string; retryMode?: string; maxAttempts?: number } {
  return {
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.env.AWS_RETRY_MODE ? {} : { retryMode: "adaptive" }),
    ...(opts.env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: 8 }),
  };
}

export function logsClient(opts: AwsOptions): CloudWatchLogsClient {
  return new CloudWatchLogsClient(common(opts));
}

export function s3Client(opts: AwsOptions): S3Client {
  const custom = Boolean(opts.env.AWS_ENDPOINT_URL_S3 ?? opts.env.AWS_ENDPOINT_URL);
  return new S3Client({ ...common(opts), ...(custom ? { forcePathStyle: true } : {}) });
}
