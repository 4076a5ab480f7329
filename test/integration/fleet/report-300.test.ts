// The fleet report at 300 clusters in headless chromium: one self-contained page whose hashed
// script runs under the strict CSP (no console error, nothing fetched), search and the
// severity/check/account/region filters narrow the table and the findings to the same
// clusters, the table sorts, findings stay collapsed until asked. Screenshot: docs/fleet-report-300.png.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderFleetReport } from "../../../shared/fleet/report/index.ts";
import { chromiumPath } from "../../helpers/chromium.ts";
import { bigFleet } from "./big-fleet.ts";


const OUT = join(process.cwd(), "test-output");
const N = 300;

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Page-side code as strings: this project's TypeScript has no DOM lib. */
const visibleRows = (page: Page) => page.locator("#clusters tbody tr:not([hidden])").count();
const visibleCards = (page: Page) => page.locator("details.cluster:not([hidden])").count();
const attrsOfVisible = (page: Page, attr: string) =>
  page.evaluate(`Array.from(document.querySelectorAll("#clusters tbody tr:not([hidden])")).map((r) => r.getAttribute(${JSON.stringify(attr)}))`) as Promise<string[]>;

describe(`fleet report HTML at ${N} clusters`, () => {
  it("searches, filters, sorts and collapses in the browser, under the CSP, offline", async () => {
    const { html, report } = renderFleetReport(bigFleet(N));
    expect(report.clusters).toHaveLength(N);
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, "fleet-report-300.html");
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

    // The script ran (it shows the controls and the count), nothing else was fetched or refused.
    expect(await page.locator("#controls").isVisible()).toBe(true);
    expect(await page.locator("#f-count").innerText()).toBe(`${N} of ${N} clusters`);
    expect([problems, requests]).toEqual([[], [pathToFileURL(file).href]]);
    const withFindings = report.clusters.filter((c) => c.findings > 0).length;
    expect([await visibleRows(page), await visibleCards(page), await page.locator("details[open]").count()]).toEqual([N, withFindings, 0]);
    // Collapsed, the page is a few screens, not 70,000 pixels.
    const height = (await page.evaluate("document.documentElement.scrollHeight")) as number;
    expect(height).toBeLessThan(30_000);

    // Search: every word must match (name, account, region, versions, checks, titles).
    await page.fill("#f-search", "payments-1 eu-central-1");
    const searched = report.clusters.filter((c) => c.name.startsWith("payments-1-") && c.region === "eu-central-1");
    expect(searched.length).toBeGreaterThan(0);
    expect(await visibleRows(page)).toBe(searched.length);
    expect(await page.locator("#f-count").innerText()).toBe(`${searched.length} of ${N} clusters`);
    await page.click("#f-reset");

    // Severity, check, account, region: rows and cards show the same clusters.
    await page.selectOption("#f-severity", "critical");
    const critical = report.clusters.filter((c) => report.findings.some((f) => f.cluster === c.name && f.account === c.account && f.region === c.region && f.severity === "critical"));
    expect(critical.length).toBeGreaterThan(0);
    expect([await visibleRows(page), await visibleCards(page)]).toEqual([critical.length, critical.length]);
    // Inside a shown card only the chosen severity's findings are listed.
    const shownSevs = (await page.evaluate(`Array.from(document.querySelectorAll("details.cluster:not([hidden]) details[data-sev]:not([hidden])")).map((d) => d.getAttribute("data-sev"))`)) as string[];
    expect(new Set(shownSevs)).toEqual(new Set(["critical"]));
    await page.selectOption("#f-account", "333344445555");
    await page.selectOption("#f-region", "eu-west-1");
    const narrowed = critical.filter((c) => c.account === "333344445555" && c.region === "eu-west-1");
    expect(await visibleRows(page)).toBe(narrowed.length);
    await page.click("#f-reset");
    const rule = Object.keys(report.summary.byRule).sort()[0]!;
    await page.selectOption("#f-check", rule);
    const byRule = new Set(report.findings.filter((f) => f.rule === rule).map((f) => `${f.account}|${f.region}|${f.cluster}`));
    expect(await visibleRows(page)).toBe(byRule.size);
    await page.click("#f-reset");
    expect(await visibleRows(page)).toBe(N);

    // Sorting: by name ascending, then descending; by findings, worst first.
    await page.click("#clusters th[data-sort=name] button");
    const names = await attrsOfVisible(page, "data-s-name");
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
    expect(await page.getAttribute("#clusters th[data-sort=name]", "aria-sort")).toBe("ascending");
    await page.click("#clusters th[data-sort=name] button");
    expect(await attrsOfVisible(page, "data-s-name")).toEqual([...names].reverse());
    await page.click("#clusters th[data-sort=findings] button");
    const firstRow = await page.locator("#clusters tbody tr").first().getAttribute("data-sevs");
    expect(firstRow).toContain("critical");

    // A cluster's name in the table opens its findings; "expand" opens every shown card.
    const link = page.locator("#clusters tbody tr a[data-card]").first();
    const card = (await link.getAttribute("data-card"))!;
    await link.click();
    expect(await page.locator(`#${card}`).getAttribute("open")).toBe("");
    await page.click("#f-close");
    await page.selectOption("#f-severity", "critical");
    await page.click("#f-open");
    expect(await page.locator("details.cluster[open]").count()).toBe(critical.length);
    await page.click("#f-close");
    await page.click("#f-reset");
    // The screenshot: the filter bar over the cluster table, one search applied.
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.fill("#f-search", "zzz-no-such-cluster");
    expect(await page.locator("#f-none").isVisible()).toBe(true);
    await page.fill("#f-search", "eu-central-1");
    expect(await page.locator("#f-none").isVisible()).toBe(false);
    await page.click("#clusters th[data-sort=cni] button");
    await page.evaluate(`document.getElementById("controls").previousElementSibling.scrollIntoView()`);
    mkdirSync("docs", { recursive: true });
    await page.screenshot({ path: "docs/fleet-report-300.png", fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
