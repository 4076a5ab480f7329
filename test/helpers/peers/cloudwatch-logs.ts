// A loopback CloudWatch Logs peer for `replay --log-group`: DescribeLogGroups and FilterLogEvents
// on the JSON 1.1 protocol (X-Amz-Target Logs_20140328.*), paginated with small pages, the
// filter pattern evaluated as CloudWatch Logs does (test/helpers/triggers/filter-eval.ts), and
// throttling on demand. It counts the response bytes it sends: what travels.
import { matchesFilterPattern } from "../triggers/filter-eval.ts";
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from "./http-server.ts";

export interface LogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
}

export interface LogsWorld {
  groups: Record<string, LogEvent[]>;
  /** Events per FilterLogEvents page. */
  pageSize: number;
  /** Answer this many of the next FilterLogEvents calls with ThrottlingException. */
  throttle?: number;
}

export interface LogsPeer extends LoopbackServer {
  world: LogsWorld;
  calls(target: string): RecordedRequest[];
  /** Bytes of FilterLogEvents response bodies sent so far. */
  bytesSent(): number;
  throttled(): number;
}

const TYPE = "application/x-amz-json-1.1";
const json = (body: unknown, status = 200) => ({ status, headers: { "content-type": TYPE }, body: JSON.stringify(body) });

export async function startLogsPeer(world: LogsWorld): Promise<LogsPeer> {
  const peer = { bytesSent: 0, throttled: 0 };
  const server = await startLoopbackServer((req) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const input = JSON.parse(req.body || "{}") as Record<string, any>;
    if (target === "Logs_20140328.DescribeLogGroups") {
      const names = Object.keys(world.groups).filter((n) => n.startsWith(input.logGroupNamePrefix ?? "")).sort();
      const start = Number(input.nextToken ?? 0);
      const page = names.slice(start, start + 2);
      const next = start + page.length < names.length ? String(start + page.length) : undefined;
      return json({ logGroups: page.map((logGroupName) => ({ logGroupName, arn: `arn:aws:logs:eu-west-1:111122223333:log-group:${logGroupName}` })), nextToken: next });
    }
    if (target === "Logs_20140328.FilterLogEvents") {
      if ((world.throttle ?? 0) > 0) {
        world.throttle!--;
        peer.throttled++;
        return json({ __type: "ThrottlingException", message: "Rate exceeded" }, 400);
      }
      const events = world.groups[input.logGroupName];
      if (!events) return json({ __type: "ResourceNotFoundException", message: "The specified log group does not exist." }, 400);
      const matching = events
        .map((e, i) => ({ ...e, eventId: String(i).padStart(8, "0"), ingestionTime: e.timestamp + 500 }))
        .filter((e) => (input.startTime === undefined || e.timestamp >= input.startTime) && (input.endTime === undefined || e.timestamp <= input.endTime))
        .filter((e) => !input.filterPattern || matchesFilterPattern(input.filterPattern, e.message))
        .sort((a, b) => a.timestamp - b.timestamp);
      const start = Number(input.nextToken ?? 0);
      const page = matching.slice(start, start + world.pageSize);
      const next = start + page.length < matching.length ? String(start + page.length) : undefined;
      const answer = json({ events: page, searchedLogStreams: [], ...(next ? { nextToken: next } : {}) });
      peer.bytesSent += Buffer.byteLength(answer.body);
      return answer;
    }
    return json({ __type: "UnknownOperationException" }, 400);
  });
  return Object.assign(server, {
    world,
    calls: (target: string) => server.requests.filter((r) => String(r.headers["x-amz-target"] ?? "").endsWith(`.${target}`)),
    bytesSent: () => peer.bytesSent,
    throttled: () => peer.throttled,
  });
}
