// Where alerts go: the SNS topic (encrypted) and the alert settings. Sink secrets live in SSM
// Parameter Store, set up outside the stack (README, "Deploy"); context.ts wires them.
import type { InfraConfig } from "./config.ts";
import { createdTopics } from "../shared/routing/deploy-sinks.ts";

export interface Account {
  account: $util.Output<string>;
  partition: $util.Output<string>;
  region: $util.Output<string>;
}

export function alerts(config: InfraConfig, where: Account) {
  // A customer managed key, not alias/aws/sns: CloudWatch alarms (monitoring.ts) publish
  // to this topic, and the AWS managed key's policy cannot grant cloudwatch.amazonaws.com
  // (SNS developer guide, "compatibility between event sources and encrypted topics").
  const topicKey = new aws.kms.Key("AlertTopicKey", {
    description: `cni-auditor ${$app.stage}: encrypts the alert topic`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          // Key administration stays with the account's IAM policies (the KMS default).
          Sid: "AccountAdministersKey",
          Effect: "Allow",
          Principal: { AWS: $interpolate`arn:${where.partition}:iam::${where.account}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "CloudWatchAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": where.account } },
        },
      ],
    }),
  });

  const topic = new sst.aws.SnsTopic("AlertTopic", {
    transform: {
      topic: (a) => {
        a.kmsMasterKeyId = topicKey.arn;
      },
    },
  });

  if (config.alertEmail) {
    new aws.sns.TopicSubscription("AlertEmail", { topic: topic.arn, protocol: "email", endpoint: config.alertEmail });
  }

  // Named SNS sinks (`sns:pager`) without a topic of their own: one topic each, same key.
  const namedTopics: Record<string, aws.sns.Topic> = {};
  for (const sink of createdTopics(config.routing.sinks ?? {})) {
    const short = sink.slice("sns:".length);
    namedTopics[sink] = new aws.sns.Topic(`AlertTopic-${short}`, { name: `cni-auditor-${$app.stage}-${short}`, kmsMasterKeyId: topicKey.arn });
  }

  return { topic, topicKey, namedTopics };
}

export type Alerts = ReturnType<typeof alerts>;
