// The fleet report HTML with hostile text in every string the EKS API hands over (cluster,
// add-on, role and association names, versions, configuration values, health and insight
// messages, tags, read errors): the markup's structure is that of a harmless baseline, no
// tag or attribute comes from the data, and in headless chromium nothing runs.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { renderFleetReport } from "../../shared/fleet/report/index.ts";
import { REPORT_SCRIPT } from "../../shared/fleet/report/html-script.ts";
import { parseSnapshot } from "../../shared/fleet/snapshot-io.ts";
import { chromiumPath } from "../helpers/chromium.ts";
import { harmless, setPath, stringLeaves } from "./hostile-text.ts";
import { tallyFor } from "./tally.ts";

const tally = tallyFor("fleet-html-injection");
const SNAPSHOT_TEXT = readFileSync(new URL("../fixtures/fleet/snapshot-test-fleet.json", import.meta.url), "utf8");
const hostile = (n: number): string =>
  `"'><img src=x onerror=alert(${n})><script>alert(${n})</script></td></table></style></title><svg onload=alert(${n})>` +
  ` <a href="javascript:alert(${n})">x</a> <!-- ]]> {{7*7}} \${7*7} \u2028 &amp; &#60;b&#62; **PWN${n}** \`c${n}\` _i_` +
  ` [x](javascript:alert(${n})) ![y](https://evil.example/${n}.png)\n- **Fix:** run it\n\`\`\`\nz${n}\n\`\`\`\n`;

const tags = (html: string): string[] => [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[0]!.toLowerCase());

/** The snapshot with `value` at `path`, or null when the snapshot no longer validates. */
function variant(path: string[], value: string): ReturnType<typeof parseSnapshot> | null {
  const raw = JSON.parse(SNAPSHOT_TEXT) as Record<string, any>;
  setPath(raw, path, value);
  try {
    return parseSnapshot(JSON.stringify(raw));
  } catch {
    return null;
  }
}

/** The real tags of a document (quoted attribute values may hold any text, escaped). */
function realTags(html: string): Array<{ name: string; attrs: Array<[string, string]> }> {
  const out: Array<{ name: string; attrs: Array<[string, string]> }> = [];
  const TAG = /<([a-zA-Z][\w-]*)((?:\s+[^\s=>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g;
  const ATTR = /([^\s=>"'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
  for (const m of html.matchAll(TAG)) {
    const attrs = [...(m[2] ?? "").matchAll(ATTR)].map((a) => [a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ""] as [string, string]);
    out.push({ name: m[1]!.toLowerCase(), attrs });
  }
  return out;
}

/**
 * The page's one script is the constant REPORT_SCRIPT, allowed by the CSP by its hash and by
 * nothing else: no data can be in it, and no other script can run.
 */
function expectOnlyTheReportScript(html: string): void {
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)];
  expect(scripts.map((m) => m[0]!.slice(0, 8))).toEqual(["<script>"]);
  expect(scripts[0]![1]).toBe(REPORT_SCRIPT);
  const hash = createHash("sha256").update(REPORT_SCRIPT, "utf8").digest("base64");
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!.replace(/&#39;/g, "'");
  expect(/script-src ([^;]*)/.exec(csp)![1]).toBe(`'sha256-${hash}'`);
  expect(csp).toMatch(/^default-src 'none';/);
}

function expectNoMarkupFromData(html: string): void {
  expectOnlyTheReportScript(html);
  // Without its one script element (checked above), no tag may run or load anything.
  html = html.replace(/<script>[\s\S]*?<\/script>/, "");
  for (const t of realTags(html)) {
    expect(["img", "script", "iframe", "object", "embed", "link", "base", "form", "meta"].includes(t.name) && t.name !== "meta", t.name).toBe(false);
    for (const [name, value] of t.attrs) {
      expect(name.startsWith("on"), `<${t.name} ${name}=…>`).toBe(false);
      if (["href", "src", "action", "formaction", "xlink:href"].includes(name)) expect(value).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }
  }
}

describe("fleet report HTML: hostile text in every string of the snapshot", () => {
  const leaves = stringLeaves(JSON.parse(SNAPSHOT_TEXT)).filter((l) => !["schema", "takenAt"].includes(l.path.join(".")));

  it("one field at a time: same markup as the harmless baseline, no tag or attribute from the data", () => {
    let rendered = 0;
    for (const [i, leaf] of leaves.entries()) {
      const evil = variant(leaf.path, leaf.value + hostile(i));
      const calm = variant(leaf.path, leaf.value + harmless(hostile(i)));
      tally.inputs++;
      if (!evil || !calm) {
        tally.rejected++;
        continue;
      }
      const html = renderFleetReport(evil).html;
      expectNoMarkupFromData(html);
      expect(tags(html), leaf.path.join(".")).toEqual(tags(renderFleetReport(calm).html));
      rendered++;
    }
    // Most fields are free text to the validator, so this really exercised the renderer.
    expect(rendered).toBeGreaterThan(leaves.length / 2);
    // Two full reports per field: minutes on a loaded machine; the test must not depend on speed.
  }, 600_000);

  it("every field at once, opened in chromium: nothing runs, nothing is fetched, the text is shown", async () => {
    const raw = JSON.parse(SNAPSHOT_TEXT) as Record<string, any>;
    const used: number[] = [];
    for (const [i, leaf] of leaves.entries()) {
      if (variant(leaf.path, leaf.value + hostile(i)) === null) continue;
      setPath(raw, leaf.path, leaf.value + hostile(i));
      used.push(i);
    }
    const { html } = renderFleetReport(parseSnapshot(JSON.stringify(raw)));
    expectNoMarkupFromData(html);
    const out = join(process.cwd(), "test-output");
    mkdirSync(out, { recursive: true });
    const file = join(out, "fleet-report-hostile.html");
    writeFileSync(file, html);
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("dialog", async (d) => (dialogs.push(d.message()), await d.dismiss()));
      page.on("request", (r) => requests.push(r.url()));
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.evaluate(`document.querySelectorAll("details").forEach((d) => d.setAttribute("open", ""))`);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(await page.locator("img, iframe, object, embed, [onerror], [onload], a[href^='javascript']").count()).toBe(0);
      expect(await page.locator("script").count()).toBe(1);
      // The report's script ran (it shows the filter bar) and its search reads hostile text as text.
      expect(await page.locator("#controls").isVisible()).toBe(true);
      await page.fill("#f-search", "<img src=x onerror=alert(");
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      const text = await page.locator("body").innerText();
      // The hostile text of many fields is on the page, as text.
      const shown = used.filter((i) => text.includes(`<img src=x onerror=alert(${i})>`));
      expect(shown.length).toBeGreaterThan(3);
      tally.inputs += used.length;
    } finally {
      await browser.close();
    }
  }, 60_000);
});
