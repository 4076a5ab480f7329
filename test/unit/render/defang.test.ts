import { describe, expect, it } from "vitest";
import { defangLinks } from "../../../shared/render/defang.ts";
import { neutral } from "../../../shared/render/neutral.ts";

describe("defangLinks", () => {
  it("makes a bare e-mail address unclickable, in prose and after mailto:", () => {
    expect(defangLinks("write to a@evil.example now")).toBe("write to a[@]evil[.]example now");
    expect(defangLinks("mailto:a.b+c@mail.evil.example")).toBe("mailto[:]a.b+c[@]mail[.]evil[.]example");
    expect(neutral("ops@corp.example")).toBe("ops[@]corp[.]example");
  });

  it("leaves what is no address: mentions, a host without a dot, an @ with nothing before it", () => {
    expect(defangLinks("<!channel> @here user@localhost x @evil.example")).toBe("<!channel> @here user@localhost x @evil.example");
  });

  it("is idempotent, also on URLs with a user part", () => {
    for (const t of ["a@evil.example", "mailto:a@evil.example", "https://u@h.example/p", "www.evil.example b@c.d"]) {
      expect(defangLinks(defangLinks(t))).toBe(defangLinks(t));
    }
    expect(defangLinks("https://u@h.example/p")).not.toMatch(/:\/\/|h\.example/);
  });

  it("stays linear on long runs (the test timeout is the only bound)", () => {
    const run = "a".repeat(1_000_000);
    expect(defangLinks(`${run}@${run}`)).toBe(`${run}@${run}`);
    expect(defangLinks("a@b".repeat(300_000))).not.toContain("@b.");
  });
});
