// `cni-auditor silence add|list|expire` as a user runs it (the built launcher, a real process),
// against dynalite and a loopback STS, with credentials from the environment.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DynamoIo } from "../../../shared/store/dynamo-io.ts";
import { SilenceStore } from "../../../shared/store/silence-store.ts";
import { cliAsync as cli } from "./cli-async.ts";
import { FAKE_CREDENTIALS, startDynamoPeer, TEST_REGION, type DynamoPeer } from "../../helpers/peers/index.ts";
import { startStsPeer, type StsPeer } from "./sts-peer.ts";

const ALICE = "arn:aws:sts::444455556666:assumed-role/platform-admin/alice";
const BOB = "arn:aws:sts::444455556666:assumed-role/platform-admin/bob";
let dynamo: DynamoPeer;
let sts: StsPeer;
let table: string;

beforeAll(async () => {
  [dynamo, sts] = await Promise.all([startDynamoPeer(), startStsPeer(ALICE)]);
});
afterAll(async () => void (await Promise.all([dynamo.close(), sts.close()])));
beforeEach(async () => {
  table = await dynamo.createTable();
  sts.arn = ALICE;
});

const env = () => ({
  AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
  AWS_REGION: TEST_REGION,
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  AWS_ENDPOINT_URL_STS: sts.url,
});
const run = (...args: string[]) => cli(["silence", ...args, "--table", table], env());
const store = () => new SilenceStore(new DynamoIo(dynamo.client, table));

describe("cni-auditor silence", () => {
  it("add records who (STS), when and why; list shows it with what it held back; expire ends it and says what it held", async () => {
    const add = await run("add", "--id", "s-rbac", "--rule", "cninodes-forbidden", "--cluster", "prod-*", "--until", "7d", "--reason", "EKS fix rolling out (#2926)");
    expect(add.stderr).not.toContain("cni-auditor");
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^silence s-rbac added until \S+ by arn:aws:sts::444455556666:assumed-role\/platform-admin\/alice: rule=cninodes-forbidden cluster=prod-\*\n$/);
    const [stored] = await store().list();
    expect(stored).toMatchObject({ id: "s-rbac", createdBy: ALICE, reason: "EKS fix rolling out (#2926)", match: { rule: "cninodes-forbidden", cluster: "prod-*" } });
    expect(Date.parse(stored!.until) - Date.parse(stored!.createdAt)).toBe(7 * 24 * 3600 * 1000);

    await store().addHeld(new Map([["s-rbac", { silenceId: "s-rbac", events: 41, keys: ["k1", "k2"], worstSeverity: "high", firstSeverity: "high" }]]), "batch-1", Date.now());
    const list = await run("list");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("s-rbac  active  until");
    expect(list.stdout).toContain(`EKS fix rolling out (#2926) — by ${ALICE}`);
    expect(list.stdout).toContain("held back 41 events in 2 keys, worst high");
    const json = JSON.parse((await run("list", "--json")).stdout) as Array<{ id: string; active: boolean; heldBack: { events: number } }>;
    expect(json.map((s) => [s.id, s.active, s.heldBack.events])).toEqual([["s-rbac", true, 41]]);

    sts.arn = BOB;
    const expire = await run("expire", "s-rbac");
    expect(expire.code).toBe(0);
    expect(expire.stdout).toContain("silence s-rbac (EKS fix rolling out (#2926), by " + ALICE + ") held back 41 events in 2 keys, worst high");
    expect(expire.stdout).toContain(`by ${BOB}`);
    const [ended] = await store().list();
    expect(ended!.expiredBy).toBe(BOB);
    expect((await run("list")).stdout).toContain(`s-rbac  removed by ${BOB}, summary pending`);
  });

  it.each([
    [["--rule", "cninodes-forbidden", "--until", "91d", "--reason", "x"], /more than 90 days away/],
    [["--rule", "cninodes-forbidden", "--reason", "x"], /--until/],
    [["--rule", "cninodes-forbidden", "--until", "7d"], /--reason/],
    [["--until", "7d", "--reason", "x"], /names nothing/],
    [["--rule", "cninodes-forbidden", "--until", "soon", "--reason", "x"], /neither an RFC 3339 time nor a duration/],
    [["--rule", "cninodes-forbidden", "--until", "2020-01-01T00:00:00Z", "--reason", "x"], /must be in the future/],
    [["--rule", "cninode-forbidden", "--until", "1h", "--reason", "x"], /neither a rule nor a fleet check id/],
  ])("add %j is a usage error (exit 2) and writes nothing", async (args, message) => {
    const r = await run("add", ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await store().list()).toEqual([]);
  });

  it("--stack resolves the stack's table name; --table and --stack exclude each other", async () => {
    const r = await cli(["silence", "list", "--stack", "prod", "--table", "x-y-z"], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--table and --stack exclude each other");
    const missing = await cli(["silence", "list", "--stack", "nosuchstage"], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cni-auditor-nosuchstage-dedup");
  });

  it("expire of an unknown id is an error; a hostile reason never reaches the terminal raw", async () => {
    expect((await run("expire", "s-none")).code).toBe(2);
    const add = await run("add", "--id", "s-x", "--rule", "cninodes-forbidden", "--until", "1h", "--reason", "\u001b]0;owned\u0007 fix \u202e");
    expect(add.code).toBe(0);
    const list = await run("list");
    expect(list.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(list.stdout).toContain("<U+202E>");
  });
});
