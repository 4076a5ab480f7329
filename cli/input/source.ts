// An input replay reads: a name for messages, its size when known (progress), and its bytes as
// a stream of chunks. Opening fails with a reason (reported, the other inputs still read).

export interface InputSource {
  name: string;
  size?: number;
  /** Resolves once the input is open; rejects (with a code or message) when it cannot be. */
  open(): Promise<AsyncIterable<Buffer | string>>;
}

/** Why an input could not be read, as the summary line shows it. */
export function unreadableReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.code ?? (e.name && e.name !== "Error" ? e.name : undefined) ?? e.message ?? "unreadable";
}
