import { describe, expect, it } from "vitest";
import { inert, terminalPaint } from "../../../cli/terminal-text.ts";
import { code, commands, link, list, md, paragraph, remediation, section, value } from "../../../shared/render/remediation.ts";
import { toText, toTextLines } from "../../../shared/render/text.ts";

const cmd = { words: ["kubectl", "-n", "kube-system", "get", "ds", "aws-node"] };
const doc = remediation(
  section("What", md`${"evil\u001b]0;x\u0007"} changed ${code("aws-node")}`),
  section("Fix", [paragraph(md`Run:`), commands("", cmd), list([md`one`, md`two ${value("https://evil.example/p")}`])]),
  paragraph(md`See `, [link("https://github.com/aws/amazon-vpc-cni-k8s/pull/3277", "PR 3277")]),
  commands("sh", cmd),
);

describe("the remediation model as text", () => {
  it("lays out sections as items, nested blocks under them, commands indented, links with their address", () => {
    expect(toText(doc).split("\n")).toEqual([
      "• What: evil ]0;x  changed `aws-node`",
      "• Fix: Run:",
      "    kubectl -n kube-system get ds aws-node",
      "  • one",
      "  • two hxxps[:]//evil[.]example/p",
      "",
      "See PR 3277 <https://github.com/aws/amazon-vpc-cni-k8s/pull/3277>",
      "",
      "  kubectl -n kube-system get ds aws-node",
    ]);
  });

  it("wraps prose to the width after the indent, never a command", () => {
    const long = remediation(paragraph(md`${"word ".repeat(40)}`), commands("sh", { words: ["echo", "x".repeat(120)] }));
    const lines = toTextLines(long, { indent: "    ", width: 40 });
    for (const l of lines.slice(0, -1)) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines.at(-1)).toBe(`      echo ${"x".repeat(120)}`);
    const inlineCode = toTextLines(remediation(paragraph(md`${"word ".repeat(6)}then \`aws eks describe-cluster-versions --query x\` or ${code("a b c d e f")}`)), { width: 40 });
    expect(inlineCode).toContain("`aws eks describe-cluster-versions --query x`");
    expect(inlineCode).toContain("or `a b c d e f`");
  });

  it("on a terminal: colors only from the paint, no control character from the text", () => {
    const plain = toText(doc, { paint: terminalPaint(false) });
    expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(plain).toBe(toText(doc).split("\n").map(inert).join("\n"));
    const colored = toText(doc, { paint: terminalPaint(true) });
    expect(colored.replace(/\u001b\[[0-9;]*m/g, "")).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(colored).toContain("\u001b[1mWhat:\u001b[22m");
  });
});
