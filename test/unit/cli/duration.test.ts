import { describe, expect, it } from "vitest";
import { parseDuration } from "../../../shared/config.ts";
import { ConfigError } from "../../../shared/errors.ts";

describe("parseDuration (--window, settings, ALERT_WINDOW)", () => {
  it.each([
    ["90s", 90_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["2d12h", 216_000_000],
    ["1.5h", 5_400_000],
    ["1m30s500ms", 90_500],
    ["5000", 5000],
    [" 15m ", 900_000],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "h", "soon", "1m1h", "1h1h", "1h 30m", "30mx", "0s", "999ms", "-1h"])("rejects %j", (text) => {
    expect(() => parseDuration(text, "--window")).toThrow(ConfigError);
  });
});
