// `render --to` prints exactly what each sink's own builder makes for an alert.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { buildSlackPayload } from "../../../shared/sinks/slack.ts";
import { buildSnsPublish } from "../../../shared/sinks/sns.ts";
import type { Alert } from "../../../shared/types.ts";
import { cli, jsonLines } from "../../helpers/cli.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const validAsff = addFormats(new Ajv({ strict: true, strictRequired: false })).compile(JSON.parse(readFileSync("test/schemas/asff-2018-10-08.schema.json", "utf8")));
const lines = cli(["replay", "--json", "--region", "eu-central-1", "examples/incident"]).stdout;
const alerts = jsonLines<Alert>(lines);
const eni = alerts.find((a) => a.rule === "eni-unauthorized")!;
const one = JSON.stringify(eni);

describe("cni-auditor render", () => {
  it("--to slack prints the Block Kit payload the Slack sink posts", () => {
    const r = cli(["render", "--to", "slack", "-"], { input: one });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(buildSlackPayload({ alert: eni, kind: "open", previouslyReported: 0 }));
  });

  it("--to slack --update prints the closed-window update", () => {
    const r = cli(["render", "--to", "slack", "--update", "-"], { input: one });
    expect(JSON.parse(r.stdout)).toEqual(buildSlackPayload({ alert: eni, kind: "update", previouslyReported: 1 }));
  });

  it("--to sns prints the Publish input, topic from --topic-arn", () => {
    const topic = "arn:aws:sns:eu-central-1:444455556666:alerts";
    const r = cli(["render", "--to", "sns", "--topic-arn", topic, "-"], { input: one });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(buildSnsPublish({ alert: eni, kind: "open", previouslyReported: 0 }, topic))));
    const chat = cli(["render", "--to", "sns", "--sns-format", "chatbot", "--topic-arn", topic, "-"], { input: one });
    const env = JSON.parse(JSON.parse(chat.stdout).Message) as Record<string, string>;
    expect(JSON.parse(env.https!).source).toBe("custom");
    expect(JSON.parse(env.sqs!)).toEqual(eni);
  });

  it("--to chatbot prints the custom notification a Chatbot topic's https subscriber gets", () => {
    const r = cli(["render", "--to", "chatbot", "-"], { input: one });
    expect(r.code).toBe(0);
    const topic = "arn:aws:sns:eu-central-1:444455556666:alerts";
    const env = JSON.parse(buildSnsPublish({ alert: eni, kind: "open", previouslyReported: 0 }, topic, "chatbot").Message!) as Record<string, string>;
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(env.https!));
    expect(JSON.parse(r.stdout).content.textType).toBe("client-markdown");
  });

  it("--to email prints a subject and a readable body, not JSON", () => {
    const r = cli(["render", "--to", "email", "-"], { input: one });
    expect(r.stdout).toMatch(/^Subject: \[MEDIUM\] eni-unauthorized orders-prod: /);
    expect(r.stdout).toContain("Cluster:   orders-prod");
    expect(r.stdout).toContain("What to do");
    expect(r.stdout).not.toContain('"dedupKey"');
    expect(r.stdout).not.toContain("```");
    const topic = "arn:aws:sns:eu-central-1:444455556666:alerts";
    const env = JSON.parse(buildSnsPublish({ alert: eni, kind: "open", previouslyReported: 0 }, topic).Message!) as Record<string, string>;
    expect(r.stdout.slice(r.stdout.indexOf("\n\n") + 2)).toBe(env.email);
  });

  it("--to asff prints a finding valid against the ASFF model", () => {
    const r = cli(["render", "--to", "asff", "-"], { input: one });
    const { Findings } = JSON.parse(r.stdout) as { Findings: unknown[] };
    expect(Findings).toHaveLength(1);
    expect(validAsff(Findings[0]), JSON.stringify(validAsff.errors)).toBe(true);
  });

  it("reads JSON Lines from a file and renders each alert", () => {
    const r = cli(["render", "--to", "email", "examples/../test/fixtures/none.jsonl"]);
    expect(r.code).toBe(2);
    const many = cli(["render", "--to", "email", "-"], { input: lines });
    expect(many.stdout.match(/^Subject: /gm)).toHaveLength(alerts.length);
  });

  it.each([
    [["render", "--to", "slack", "-"], "{not json", /line 1: not JSON/],
    [["render", "--to", "slack", "-"], JSON.stringify({ ...eni, severity: "urgent" }), /severity must be one of/],
    [["render", "--to", "pager", "-"], one, /Allowed choices are slack, sns, email, chatbot, asff/],
    [["render", "-"], one, /required option '--to <SINK>' not specified/],
  ])("exits 2 on bad input or usage: %j", (args, input, message) => {
    const r = cli(args, { input });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
