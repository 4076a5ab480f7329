// Offline validation of a CloudFormation template against CloudFormation's own resource
// specification (@aws-cdk/cfnspec): every resource type exists, required properties are
// present, every property name is known (nested property types included), values have the
// spec's primitive types, and every Ref, Fn::GetAtt and Fn::Sub reference names a resource,
// parameter, pseudo parameter or (GetAtt) an attribute the type has.
import { createRequire } from "node:module";

interface SpecProperty {
  Required?: boolean;
  PrimitiveType?: string;
  Type?: string;
  ItemType?: string;
  PrimitiveItemType?: string;
}
interface SpecType {
  Properties?: Record<string, SpecProperty>;
  Attributes?: Record<string, unknown>;
}
interface Spec {
  ResourceTypes: Record<string, SpecType>;
  PropertyTypes: Record<string, SpecType>;
}

const require = createRequire(import.meta.url);
const spec = (require("@aws-cdk/cfnspec") as { specification(): Spec }).specification();

/**
 * Types CloudFormation gained after cfnspec 2.72.1 (March 2023), as its User Guide documents
 * them: AWS::Logs::AccountPolicy (Nov 2023; SUBSCRIPTION_FILTER_POLICY since Jan 2024).
 */
const SUPPLEMENT: Record<string, SpecType> = {
  "AWS::Logs::AccountPolicy": {
    Properties: {
      PolicyDocument: { Required: true, PrimitiveType: "String" },
      PolicyName: { Required: true, PrimitiveType: "String" },
      PolicyType: { Required: true, PrimitiveType: "String" },
      Scope: { PrimitiveType: "String" },
      SelectionCriteria: { PrimitiveType: "String" },
    },
    Attributes: { AccountId: {} },
  },
};

export const PSEUDO_PARAMETERS = [
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
];

export function resourceType(type: string): SpecType | undefined {
  return spec.ResourceTypes[type] ?? SUPPLEMENT[type];
}

type Template = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[] }>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown }>;
} & Record<string, unknown>;

const TOP_LEVEL = new Set([
  "AWSTemplateFormatVersion",
  "Description",
  "Metadata",
  "Parameters",
  "Rules",
  "Mappings",
  "Conditions",
  "Transform",
  "Resources",
  "Outputs",
]);
const isIntrinsic = (v: unknown): boolean =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 1 &&
  /^(Ref|Fn::[A-Za-z]+|Condition)$/.test(Object.keys(v)[0]!);

/** Problems found, each with its path; empty when the template is valid. */
export function validateTemplate(t: Template): string[] {
  const errors: string[] = [];
  for (const k of Object.keys(t)) if (!TOP_LEVEL.has(k)) errors.push(`unknown top-level key ${k}`);
  const resources = t.Resources ?? {};
  if (Object.keys(resources).length === 0) errors.push("no Resources");
  const names = new Set([...Object.keys(resources), ...Object.keys(t.Parameters ?? {})]);
  const refs = (where: string, v: unknown, locals: Set<string> = new Set()): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => refs(`${where}[${i}]`, x, locals));
    if (typeof v !== "object" || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === "string" && !names.has(o.Ref) && !PSEUDO_PARAMETERS.includes(o.Ref))
      errors.push(`${where}: Ref to unknown ${o.Ref}`);
    if ("Fn::GetAtt" in o) {
      const [res, attr] = Array.isArray(o["Fn::GetAtt"]) ? (o["Fn::GetAtt"] as string[]) : String(o["Fn::GetAtt"]).split(".");
      const target = resources[res!];
      if (!target) errors.push(`${where}: GetAtt of unknown resource ${res}`);
      else if (!Object.hasOwn(resourceType(target.Type)?.Attributes ?? {}, attr!))
        errors.push(`${where}: ${target.Type} has no attribute ${attr}`);
    }
    if ("Fn::Sub" in o) {
      const arg = o["Fn::Sub"];
      const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [arg as string, {}];
      if (typeof text !== "string") errors.push(`${where}: Fn::Sub needs a string`);
      const own = new Set(Object.keys(vars));
      for (const m of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const [name, attr] = m[1]!.split(".");
        if (own.has(m[1]!) || PSEUDO_PARAMETERS.includes(m[1]!)) continue;
        if (!names.has(name!)) errors.push(`${where}: Fn::Sub names unknown ${m[1]}`);
        else if (attr !== undefined && !Object.hasOwn(resourceType(resources[name!]!.Type)?.Attributes ?? {}, attr))
          errors.push(`${where}: Fn::Sub names unknown attribute ${m[1]}`);
      }
      return refs(where, vars, locals);
    }
    for (const [k, x] of Object.entries(o)) refs(`${where}.${k}`, x, locals);
  };
  const typed = (where: string, resType: string, p: SpecProperty, value: unknown): void => {
    if (isIntrinsic(value)) return;
    if (p.PrimitiveType) return primitive(where, p.PrimitiveType, value);
    if (p.Type === "List") {
      if (!Array.isArray(value)) return void errors.push(`${where}: expected a list`);
      return value.forEach((x, i) =>
        typed(`${where}[${i}]`, resType, { PrimitiveType: p.PrimitiveItemType, Type: p.ItemType } as SpecProperty, x),
      );
    }
    if (p.Type === "Map") {
      if (typeof value !== "object" || value === null) return void errors.push(`${where}: expected a map`);
      return Object.entries(value).forEach(([k, x]) =>
        typed(`${where}.${k}`, resType, { PrimitiveType: p.PrimitiveItemType, Type: p.ItemType } as SpecProperty, x),
      );
    }
    const struct = spec.PropertyTypes[`${resType}.${p.Type}`] ?? spec.PropertyTypes[p.Type!];
    if (!struct) return void errors.push(`${where}: no property type ${p.Type}`);
    properties(where, resType, struct, value);
  };
  const primitive = (where: string, type: string, value: unknown): void => {
    const ok = {
      String: typeof value === "string",
      Integer: Number.isInteger(value),
      Long: Number.isInteger(value),
      Double: typeof value === "number",
      Boolean: typeof value === "boolean",
      Json: typeof value === "object" && value !== null,
      Timestamp: typeof value === "string",
    }[type];
    if (ok === false) errors.push(`${where}: expected ${type}, got ${JSON.stringify(value)?.slice(0, 60)}`);
  };
  const properties = (where: string, resType: string, s: SpecType, value: unknown): void => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return void errors.push(`${where}: expected an object`);
    const known = s.Properties ?? {};
    for (const [name, p] of Object.entries(known)) if (p.Required && !(name in value)) errors.push(`${where}: missing required ${name}`);
    for (const [name, v] of Object.entries(value)) {
      const p = known[name];
      if (!p) errors.push(`${where}: unknown property ${name}`);
      else typed(`${where}.${name}`, resType, p, v);
    }
  };
  for (const [id, r] of Object.entries(resources)) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(id)) errors.push(`${id}: logical id must be alphanumeric`);
    const s = resourceType(r.Type);
    if (!s) {
      errors.push(`${id}: unknown resource type ${r.Type}`);
      continue;
    }
    properties(id, r.Type, s, r.Properties ?? {});
    refs(id, r.Properties);
    for (const d of [r.DependsOn ?? []].flat()) if (!resources[d]) errors.push(`${id}: DependsOn unknown ${d}`);
  }
  for (const [id, o] of Object.entries(t.Outputs ?? {})) refs(`Outputs.${id}`, o.Value);
  return errors;
}
