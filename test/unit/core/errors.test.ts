import { describe, expect, it } from "vitest";
import { ConfigError, DecodeError, SinkDeliveryError, SinkRateLimitedError, StoreError } from "../../../shared/errors.ts";

describe("errors", () => {
  it("carry their own names (bundles are minified) and their cause", () => {
    const cause = new Error("root");
    expect(new ConfigError("x", { cause })).toMatchObject({ name: "ConfigError", cause });
    expect(new DecodeError("x").name).toBe("DecodeError");
    expect(new StoreError("x").name).toBe("StoreError");
    expect(new SinkDeliveryError("slack", "x", { retryable: true })).toMatchObject({ name: "SinkDeliveryError", sink: "slack", retryable: true });
    const limited = new SinkRateLimitedError("slack", "429", 2000);
    expect(limited).toBeInstanceOf(SinkDeliveryError);
    expect(limited).toMatchObject({ name: "SinkRateLimitedError", retryAfterMs: 2000 });
  });
});
