// The one SNS call, in a module of its own: sns.ts loads it (and with it the SDK's SNS code)
// on the first send, so an invocation that sends nothing never loads it (issue 6).
import { PublishCommand, type PublishCommandInput, type SNSClient } from "@aws-sdk/client-sns";

export async function publish(client: SNSClient, input: PublishCommandInput): Promise<void> {
  await client.send(new PublishCommand(input));
}
