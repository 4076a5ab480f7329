// The report bucket (adapter): PutObject for each file, GetObject for the previous report.
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

export interface ReportStore {
  put(key: string, body: string, contentType: string): Promise<void>;
  /** The object's text, or null when it does not exist. */
  get(key: string): Promise<string | null>;
}

export function s3ReportStore(client: S3Client, bucket: string): ReportStore {
  return {
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          // latest/ is overwritten every run: browsers and proxies must not keep old copies.
          ...(key.startsWith("latest/") ? { CacheControl: "no-cache" } : {}),
        }),
      );
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await out.Body?.transformToString("utf-8")) ?? null;
      } catch (err) {
        if ((err as { name?: string }).name === "NoSuchKey") return null;
        throw err;
      }
    },
  };
}
