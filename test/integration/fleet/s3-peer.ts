// A loopback S3 endpoint for the report bucket: path-style PutObject/GetObject, objects kept in
// memory with their content type, NoSuchKey as S3 answers it.
import { startLoopbackServer, type Answer, type LoopbackServer } from "../../helpers/peers/index.ts";

export interface S3Object {
  body: string;
  contentType: string | undefined;
  cacheControl: string | undefined;
}

export interface S3Peer extends LoopbackServer {
  /** "bucket/key" → object */
  objects: Map<string, S3Object>;
}

export async function startS3Peer(): Promise<S3Peer> {
  const objects = new Map<string, S3Object>();
  const server = await startLoopbackServer((req): Answer => {
    const path = decodeURIComponent(new URL(req.path, "http://x").pathname.slice(1));
    if (req.method === "PUT") {
      objects.set(path, {
        body: req.body,
        contentType: req.headers["content-type"],
        cacheControl: req.headers["cache-control"] as string | undefined,
      });
      return { status: 200, headers: { etag: `"${objects.size}"` } };
    }
    if (req.method === "GET") {
      const o = objects.get(path);
      if (o) return { status: 200, headers: { "content-type": o.contentType ?? "binary/octet-stream" }, body: o.body };
      const key = path.split("/").slice(1).join("/");
      return {
        status: 404,
        headers: { "content-type": "application/xml" },
        body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key><RequestId>r</RequestId></Error>`,
      };
    }
    return { status: 405, body: "" };
  });
  return Object.assign(server, { objects });
}
