// `replay s3://bucket/prefix/`: lists the objects under the prefix one folder level at a time
// (ListObjectsV2 with a delimiter, paginated, a few listings at once) and streams each object
// as a file. With --since/--until the date folders outside the range are never listed, in the
// trail layout (`AWSLogs/<account>/CloudTrail/<region>/yyyy/mm/dd/`), the organization-trail
// layout (`AWSLogs/o-…/<account>/CloudTrail/…`) and Firehose's `yyyy/mm/dd/HH/`. A prefix or
// object that cannot be read (AccessDenied) is reported; the rest is read.
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";
import { byteSource, mapLimit, unreadableReason, type InputSource } from "./source.ts";

export interface S3Location {
  bucket: string;
  prefix: string;
}

export function parseS3Url(url: string): S3Location | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  return m ? { bucket: m[1]!, prefix: m[2]! } : undefined;
}

/** CloudTrail writes a file minutes after its events, Firehose buffers: a folder's dates are loose by this much. */
const SLACK_MS = 3_600_000;
/** Folders of no use to replay: digests hold hashes, not calls. */
const SKIPPED_FOLDER = /(^|\/)CloudTrail-Digest\/$/;

/**
 * The UTC span a date folder covers (`…/2026/`, `…/2026/11/`, `…/2026/11/19/`, `…/2026/11/19/08/`),
 * or undefined when the prefix does not end in one.
 */
export function folderSpan(prefix: string): [number, number] | undefined {
  const parts = prefix.replace(/\/$/, "").split("/");
  for (let k = 4; k >= 1; k--) {
    const tail = parts.slice(-k);
    if (tail.length < k) continue;
    const [y, mo, d, h] = tail;
    if (!/^\d{4}$/.test(y!) || (mo !== undefined && !/^\d{2}$/.test(mo)) || (d !== undefined && !/^\d{2}$/.test(d)) || (h !== undefined && !/^\d{2}$/.test(h))) continue;
    const Y = Number(y);
    const M = mo === undefined ? 0 : Number(mo) - 1;
    const D = d === undefined ? 1 : Number(d);
    const H = h === undefined ? 0 : Number(h);
    if (Y < 1990 || M > 11 || D > 31 || H > 23) continue;
    const start = Date.UTC(Y, M, D, H);
    const end = h !== undefined ? Date.UTC(Y, M, D, H + 1) : d !== undefined ? Date.UTC(Y, M, D + 1) : mo !== undefined ? Date.UTC(Y, M + 1, 1) : Date.UTC(Y + 1, 0, 1);
    return [start, end];
  }
  return undefined;
}

export interface S3Read {
  client: S3Client;
  sinceMs?: number;
  untilMs?: number;
  /** Listings in flight. */
  parallel?: number;
}

function inRange(prefix: string, read: S3Read): boolean {
  const span = folderSpan(prefix);
  if (!span) return true;
  if (read.untilMs !== undefined && span[0] >= read.untilMs + SLACK_MS) return false;
  if (read.sinceMs !== undefined && span[1] <= read.sinceMs - SLACK_MS) return false;
  return true;
}

/** Every object under the location (in key order), and the prefixes that could not be listed. */
export async function listS3(loc: S3Location, read: S3Read): Promise<{ sources: InputSource[]; unreadable: string[]; listings: number }> {
  const objects: Array<{ key: string; size: number | undefined }> = [];
  const unreadable: string[] = [];
  let listings = 0;
  let level = [loc.prefix];
  while (level.length > 0) {
    const found = await mapLimit(level, read.parallel ?? 8, async (prefix) => {
      const folders: string[] = [];
      try {
        for await (const page of paginateListObjectsV2({ client: read.client }, { Bucket: loc.bucket, Prefix: prefix, Delimiter: "/" })) {
          listings++;
          for (const c of page.CommonPrefixes ?? []) if (c.Prefix && !SKIPPED_FOLDER.test(c.Prefix) && inRange(c.Prefix, read)) folders.push(c.Prefix);
          for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith("/")) objects.push({ key: o.Key, size: o.Size });
        }
      } catch (err) {
        unreadable.push(`s3://${loc.bucket}/${prefix}: ${unreadableReason(err)}`);
      }
      return folders;
    });
    level = found.flat();
  }
  objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sources = objects.map(({ key, size }) =>
    byteSource(`s3://${loc.bucket}/${key}`, size, async () => {
      const out = await read.client.send(new GetObjectCommand({ Bucket: loc.bucket, Key: key }));
      if (!out.Body) throw new Error("empty response");
      return out.Body as AsyncIterable<Buffer>;
    }),
  );
  return { sources, unreadable: unreadable.sort(), listings };
}
