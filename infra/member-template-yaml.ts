// The member template as YAML for those who keep CloudFormation in YAML: the template's two
// top levels as block mappings, each resource and output as one JSON value (JSON is YAML 1.2's
// flow style, so every value parses exactly as the JSON template does; no YAML library).
import type { CfnTemplate } from "./member-template.ts";

const key = (k: string): string => (/^[A-Za-z][A-Za-z0-9]*$/.test(k) ? k : JSON.stringify(k));

export function templateYaml(t: CfnTemplate): string {
  const out: string[] = [
    `AWSTemplateFormatVersion: ${JSON.stringify(t.AWSTemplateFormatVersion)}`,
    `Description: ${JSON.stringify(t.Description)}`,
  ];
  for (const section of ["Resources", "Outputs"] as const) {
    out.push(`${section}:`);
    for (const [name, value] of Object.entries(t[section])) out.push(`  ${key(name)}: ${JSON.stringify(value)}`);
  }
  return `${out.join("\n")}\n`;
}
