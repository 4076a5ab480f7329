// Local peers for on-the-wire tests: DynamoDB (dynalite), Slack webhook, SNS. Each listens on
// 127.0.0.1 on a free port and is closed by the test that started it.
export { startLoopbackServer, type Answer, type LoopbackServer, type RecordedRequest } from "./http-server.ts";
export { startSlackPeer, type SlackMessage, type SlackPeer } from "./slack.ts";
export { SNS_PROTOCOLS, snsError, startSnsPeer, type SnsPeer, type SnsProtocol, type SnsPublish } from "./sns.ts";
export { createDedupTable, dynamoClient, FAKE_CREDENTIALS, startDynamoPeer, TEST_REGION, type DynamoPeer } from "./dynamo.ts";
export { ssmError, startSsmPeer, type SsmPeer } from "./ssm.ts";
export { securityHubError, startSecurityHubPeer, type Finding, type SecurityHubPeer } from "./securityhub.ts";
