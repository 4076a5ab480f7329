// The HTML report in a real browser (Debian's chromium via playwright-core): it renders
// the summary, charts and tables, logs no console error (a CSP violation would be one),
// requests nothing beyond itself, and hostile API values show as text and never run.
// A missing chromium fails this test on purpose: CI (.ci/run) installs it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { renderFleetReport } from "../../../shared/fleet/report/index.ts";
import { parseReport } from "../../../shared/fleet/report/report-io.ts";
import { parseSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { chromiumPath } from "../../helpers/chromium.ts";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/fleet/${name}`, import.meta.url), "utf8");
const OUT = join(process.cwd(), "test-output");

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe("fleet report HTML in headless chromium", () => {
  it("renders the test fleet safely, offline, and writes a screenshot", async () => {
    const { html, report } = renderFleetReport(
      parseSnapshot(fixture("snapshot-test-fleet.json")),
      parseReport(fixture("previous-report.json")),
    );
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, "fleet-report.html");
    writeFileSync(file, html);
    const pageUrl = pathToFileURL(file).href;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    const pageErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("request", (r) => requests.push(r.url()));
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(pageUrl, { waitUntil: "load" });
    // Open every finding so their contents (remediation with hostile messages) are rendered too.
    // (Page-side code as strings: this project's TypeScript has no DOM lib.)
    await page.evaluate(`document.querySelectorAll("details").forEach((d) => d.setAttribute("open", ""))`);

    expect(await page.title()).toBe("VPC CNI fleet report · 2026-08-30 06:00 UTC");
    expect(await page.locator("h1").innerText()).toBe("VPC CNI fleet report");
    // Summary cards carry the report's numbers.
    const kpis = await page.locator(".kpi").allInnerTexts();
    expect(kpis[0]).toContain(String(report.summary.clusters));
    expect(kpis[1]).toContain(String(report.summary.findings));
    // Two charts, drawn: one bar per severity with findings, one per vpc-cni version row.
    expect(await page.locator("svg.chart").count()).toBe(2);
    const sevBars = await page.locator("svg.chart").first().locator("rect[class^='bar-']").count();
    expect(sevBars).toBe(Object.values(report.summary.bySeverity).filter((n) => n > 0).length);
    const versionBars = await page.locator("svg.chart").nth(1).locator("rect[class^='bar-']").count();
    expect(versionBars).toBe(report.summary.vpcCniVersions.length);
    const box = await page.locator("svg.chart").first().boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    // One table row per cluster, the failures listed, the changes shown.
    expect(await page.locator("section:has(h2:text-is('Clusters')) tbody tr").count()).toBe(report.clusters.length);
    expect(await page.locator("section:has(h2:text-is('Could not read')) tbody tr").count()).toBe(2);
    expect(await page.locator(".changes li").count()).toBe(
      report.changes!.new.length + report.changes!.resolved.length + report.changes!.unverified.length,
    );
    // Remediation commands are rendered as code blocks.
    expect(await page.locator("pre code").count()).toBeGreaterThan(10);

    // Hostile values: shown literally, never parsed as markup, never executed.
    const text = await page.locator("body").innerText();
    expect(text).toContain("<img src=x onerror=alert(1)>");
    expect(text).toContain("<script>alert(2)</script> **bold** `tick` [x](javascript:alert(5))");
    expect(text).toContain("</pre><script>alert(10)</script>");
    expect(await page.locator("img, iframe, svg[onload], [onerror], [onmouseover], a[href^='javascript']").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(1); // the report's own, allowed by hash
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    // Nothing but the page itself was requested (no fonts, images, scripts, beacons).
    expect(requests).toEqual([pageUrl]);
    // The CSP is in force: an injected script is refused even if markup ever slipped through.
    const csp = await page.locator("meta[http-equiv='Content-Security-Policy']").getAttribute("content");
    expect(csp).toMatch(/default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'/);

    // Styles applied (the CSP hash matches the stylesheet): pills are coloured.
    const pillColor = await page.evaluate(`getComputedStyle(document.querySelector(".pill.critical")).backgroundColor`);
    expect(pillColor).toBe("rgb(180, 35, 24)");

    await page.evaluate(`document.querySelectorAll("details").forEach((d) => d.removeAttribute("open"))`);
    await page.screenshot({ path: join(OUT, "fleet-report.png"), fullPage: true });
    expect(existsSync(join(OUT, "fleet-report.png"))).toBe(true);
    await context.close();
  });
});
