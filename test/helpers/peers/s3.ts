// A loopback S3 peer for `replay s3://…`: ListObjectsV2 (REST XML, delimiter and continuation
// tokens, small pages) and GetObject, path-style (`/bucket/key`), from a map of keys to bytes.
// Prefixes listed in `denied` answer 403 AccessDenied (to listings and reads alike). It counts
// the requests and object bytes it serves.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface S3World {
  bucket: string;
  objects: Record<string, Buffer>;
  denied?: string[];
  /** Keys + common prefixes per ListObjectsV2 page. */
  pageSize: number;
}

export interface S3Peer {
  url: string;
  world: S3World;
  /** "LIST prefix" and "GET key", in arrival order. */
  requests: string[];
  bytesServed(): number;
  close(): Promise<void>;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function list(world: S3World, q: URLSearchParams): string {
  const prefix = q.get("prefix") ?? "";
  const delimiter = q.get("delimiter") ?? "";
  const entries: Array<{ key?: string; prefix?: string }> = [];
  const seen = new Set<string>();
  for (const key of Object.keys(world.objects).sort()) {
    if (!key.startsWith(prefix)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut === -1) entries.push({ key });
    else {
      const p = key.slice(0, cut + delimiter.length);
      if (!seen.has(p)) seen.add(p), entries.push({ prefix: p });
    }
  }
  const start = Number(q.get("continuation-token") ?? 0);
  const page = entries.slice(start, start + world.pageSize);
  const truncated = start + page.length < entries.length;
  const contents = page
    .filter((e) => e.key !== undefined)
    .map((e) => `<Contents><Key>${esc(e.key!)}</Key><LastModified>2026-11-19T08:00:00.000Z</LastModified><ETag>"0"</ETag><Size>${world.objects[e.key!]!.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
    .join("");
  const prefixes = page.filter((e) => e.prefix !== undefined).map((e) => `<CommonPrefixes><Prefix>${esc(e.prefix!)}</Prefix></CommonPrefixes>`).join("");
  return (
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${esc(world.bucket)}</Name><Prefix>${esc(prefix)}</Prefix>` +
    `<KeyCount>${page.length}</KeyCount><MaxKeys>${world.pageSize}</MaxKeys>${delimiter ? `<Delimiter>${esc(delimiter)}</Delimiter>` : ""}` +
    `<IsTruncated>${truncated}</IsTruncated>${contents}${prefixes}` +
    (truncated ? `<NextContinuationToken>${start + page.length}</NextContinuationToken>` : "") +
    `</ListBucketResult>`
  );
}

export async function startS3Peer(world: S3World): Promise<S3Peer> {
  const requests: string[] = [];
  let bytesServed = 0;
  const denied = (key: string): boolean => (world.denied ?? []).some((d) => key.startsWith(d));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://peer");
      const [, bucket, ...rest] = url.pathname.split("/");
      const key = decodeURIComponent(rest.join("/"));
      if (bucket !== world.bucket) return xml(res, 404, "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>");
      if (req.method === "GET" && key === "" && url.searchParams.get("list-type") === "2") {
        const prefix = url.searchParams.get("prefix") ?? "";
        requests.push(`LIST ${prefix}`);
        if (denied(prefix)) return xml(res, 403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
        return xml(res, 200, list(world, url.searchParams));
      }
      if (req.method === "GET" && key !== "") {
        requests.push(`GET ${key}`);
        if (denied(key)) return xml(res, 403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
        const body = world.objects[key];
        if (!body) return xml(res, 404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
        bytesServed += body.length;
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(body.length), etag: '"0"', "last-modified": "Thu, 19 Nov 2026 08:00:00 GMT" });
        return void res.end(body);
      }
      xml(res, 400, "<Error><Code>NotImplemented</Code><Message>not in this peer</Message></Error>");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    world,
    requests,
    bytesServed: () => bytesServed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
