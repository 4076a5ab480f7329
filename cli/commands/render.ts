import { readFileSync } from "node:fs";
import { buildSlackPayload } from "../../shared/sinks/slack.ts";
import { buildSnsPublish, snsMessages, snsSubject } from "../../shared/sinks/sns.ts";
import type { Delivery } from "../../shared/sinks/sink.ts";
import { asffFindings } from "../../shared/output/asff.ts";
import type { Alert } from "../../shared/types.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";
import type { RenderOptions } from "../options.ts";
import { inert } from "../terminal-text.ts";
import { parseAlerts } from "./alert-input.ts";

/** The payload each sink would post, exactly as its builder makes it (nothing is sent). */
export async function runRender(opts: RenderOptions, io: CliIo): Promise<number> {
  let alerts: Alert[];
  try {
    const text = opts.file === "-" ? await readStdin(io) : readFileSync(opts.file, "utf8");
    alerts = parseAlerts(text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr.write(inert(`cni-auditor render: ${opts.file === "-" ? "<stdin>" : opts.file}: ${code ? `cannot read (${code})` : (err as Error).message}`) + "\n");
    return EXIT_USAGE;
  }
  for (const alert of alerts) {
    // An update reports a closed window's true count after the opening message took 1.
    const delivery: Delivery = { alert, kind: opts.update ? "update" : "open", previouslyReported: opts.update ? 1 : 0 };
    io.stdout.write(render(opts, delivery, io));
  }
  return EXIT_OK;
}

function render(opts: RenderOptions, delivery: Delivery, io: CliIo): string {
  const a = delivery.alert;
  switch (opts.to) {
    case "slack":
      return `${JSON.stringify(buildSlackPayload(delivery), null, 2)}\n`;
    case "sns": {
      const topic = opts.topicArn ?? `arn:aws:sns:${a.region ?? "REGION"}:${a.account ?? "ACCOUNT"}:cni-auditor-alerts`;
      return `${JSON.stringify(buildSnsPublish(delivery, topic, opts.snsFormat), null, 2)}\n`;
    }
    case "email": {
      // Exactly the `email` message of the SNS Publish, under its subject.
      return `Subject: ${snsSubject(delivery)}\n\n${snsMessages(delivery).email}`;
    }
    case "chatbot":
      // The `default`/`https` message of a topic AWS Chatbot reads (SNS_FORMAT=chatbot).
      return `${JSON.stringify(JSON.parse(snsMessages(delivery, "chatbot").default), null, 2)}\n`;
    case "asff": {
      const { findings, notes } = asffFindings([a]);
      for (const n of notes) io.stderr.write(`${inert(n)}\n`);
      return `${JSON.stringify({ Findings: findings }, null, 2)}\n`;
    }
  }
}

/** All of stdin; a stream read, since a sync read of a pipe can fail with EAGAIN. */
async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}
