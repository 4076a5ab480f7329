// HTML report pieces without a browser: escaping, the Markdown subset, charts, the CSP.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { cmd, paragraphs, sh, type Command } from "../../../shared/fleet/commands.ts";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { versionChart, severityChart } from "../../../shared/fleet/report/html-charts.ts";
import { esc, link } from "../../../shared/fleet/report/html-escape.ts";
import { markdownToHtml } from "../../../shared/fleet/report/html-markdown.ts";
import { contentSecurityPolicy, renderHtml } from "../../../shared/fleet/report/html.ts";
import { REPORT_SCRIPT } from "../../../shared/fleet/report/html-script.ts";
import { REPORT_CSS } from "../../../shared/fleet/report/html-style.ts";
import { renderFleetReport } from "../../../shared/fleet/report/index.ts";
import { parseSnapshot } from "../../../shared/fleet/snapshot-io.ts";

const shMarkdown = (...cmds: Command[]): string => toMarkdown(paragraphs(sh(...cmds)));
const snapshot = parseSnapshot(readFileSync(new URL("../../fixtures/fleet/snapshot-test-fleet.json", import.meta.url), "utf8"));

describe("escaping", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("links only https URLs", () => {
    expect(link("https://github.com/aws/amazon-vpc-cni-k8s/issues/2926")).toBe(
      '<a href="https://github.com/aws/amazon-vpc-cni-k8s/issues/2926" rel="noopener noreferrer">https://github.com/aws/amazon-vpc-cni-k8s/issues/2926</a>',
    );
    expect(link("javascript:alert(1)")).toBe("javascript:alert(1)");
    expect(link('https://x.example/"onmouseover="alert(1)')).not.toContain("<a");
  });
});

describe("remediation Markdown → HTML", () => {
  it("renders paragraphs, lists, bold, code spans and shell blocks", () => {
    const html = markdownToHtml(["**Why.** It breaks `aws-node`.", "", "- one", "- two", "", shMarkdown(cmd("aws", "eks", "list-clusters"))].join("\n"));
    expect(html).toBe(
      "<p><strong>Why.</strong> It breaks <code>aws-node</code>.</p>\n<ul><li>one</li><li>two</li></ul>\n<pre><code>aws eks list-clusters</code></pre>",
    );
  });

  it("turns Markdown escapes back into text and never emits a tag from input", () => {
    expect(markdownToHtml("\\<img src=x onerror=alert(1)\\> and <b>raw</b>")).toBe(
      "<p>&lt;img src=x onerror=alert(1)&gt; and &lt;b&gt;raw&lt;/b&gt;</p>",
    );
  });

  it("keeps a code block closed only by a long enough fence", () => {
    const block = shMarkdown(cmd("echo", "```"), cmd("echo", "<script>"));
    expect(block.startsWith("````sh")).toBe(true);
    expect(markdownToHtml(block)).toBe("<pre><code>echo &#39;```&#39;\necho &#39;&lt;script&gt;&#39;</code></pre>");
  });
});

describe("charts", () => {
  it("draws one bar per non-zero severity, scaled to the largest", () => {
    const svg = severityChart({ critical: 1, high: 4, medium: 0, low: 2, info: 0 });
    const widths = [...svg.matchAll(/<rect class="bar-(\w+)" x="\d+" y="\d+" width="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(widths).toEqual([["critical", 63], ["high", 250], ["low", 125]]);
  });

  it("escapes and truncates version labels, keeping the full text as a tooltip", () => {
    const svg = versionChart([{ version: "<script>x</script>-a-very-long-label-indeed", clusters: 2, health: "ok" }]);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain(">&lt;script&gt;x&lt;/script&gt;-a-very…<title>");
    expect(svg).toContain("<title>&lt;script&gt;x&lt;/script&gt;-a-very-long-label-indeed</title>");
  });
});

describe("the page", () => {
  const html = renderFleetReport(snapshot, null).html;

  it("allows exactly its own stylesheet by hash and nothing else", () => {
    const hash = createHash("sha256").update(REPORT_CSS).digest("base64");
    expect(contentSecurityPolicy()).toContain(`style-src 'sha256-${hash}'`);
    expect(html).toContain(`<style>${REPORT_CSS}</style>`);
    expect(html.indexOf("Content-Security-Policy")).toBeLessThan(html.indexOf("<style>"));
  });

  it("has only its own constant script, no external reference or inline style attribute", () => {
    // Text never contains a raw "<", so every "<x" is a tag the renderer wrote.
    expect(html.split(`<script>${REPORT_SCRIPT}</script>`)).toHaveLength(2);
    const rest = html.replace(`<script>${REPORT_SCRIPT}</script>`, "");
    expect(rest).not.toMatch(/<(script|link|img|iframe|object|embed|base)\b/i);
    // Attribute values are quoted and escaped (data-search holds event text): only names count.
    expect(rest.replace(/="[^"]*"/g, '=""')).not.toMatch(/<[a-z][^>]*\s(src|style|on[a-z]+)=/i);
    expect(REPORT_CSS).not.toMatch(/url\(|@import/);
    expect(REPORT_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|Function\(|setTimeout|fetch|XMLHttpRequest|import\(/);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    // External links are https; the only others jump to a cluster's findings on the page.
    for (const h of hrefs) expect(h).toMatch(/^(https:\/\/|#c-\d+$)/);
  });

  it("shows that there is no previous report to compare with", () => {
    expect(html).toContain("No previous report was given");
  });

  it("renders a fleet without findings", () => {
    const page = renderHtml(renderFleetReport({ ...snapshot, clusters: [], failures: [] }, null).report);
    expect(page).toContain("No findings: every cluster passed every check.");
  });
});
