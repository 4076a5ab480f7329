// The candidate scan passes over a message whose escaped text proves a top-level
// objectRef.subresource (what cuts the kubelet's token and status writes). The proof must be
// conservative: any text where JSON.parse would find no such subresource stays marked.
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { candidateScanFor, compileCandidateScan } from "../../../shared/prefilter/index.ts";
import { RULES, auditTriggerAccepts } from "../../../shared/rules/index.ts";
import type { AuditTrigger } from "../../../shared/rules/rule.ts";
import { goJson, marksOf, nodeGetPods, validated } from "./scan-helpers.ts";

describe("the subresource proof is conservative", () => {
  const scan = candidateScanFor(RULES, defaultConfig());
  const awsNodeModified = RULES.find((r) => r.id === "aws-node-modified")!;
  const objectOnly = awsNodeModified.source === "audit" ? awsNodeModified.trigger : undefined;
  // A human's patch of the aws-node DaemonSet, its objectRef written by hand (`REF`).
  const template =
    '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a-1","stage":"ResponseComplete",' +
    '"requestURI":"/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node","verb":"patch",' +
    '"user":{"username":"kubernetes-admin","groups":["system:masters"]},' +
    '"objectRef":REF,"responseStatus":{"metadata":{},"code":200},BODY"stageTimestamp":"2024-05-27T08:15:30.413981Z"}';
  const REF = '{"resource":"daemonsets","namespace":"kube-system","name":"aws-node","apiGroup":"apps","apiVersion":"v1"';
  const message = (ref: string, body = ""): string => template.replace("REF", ref).replace("BODY", body);
  /** Whether the trigger accepts the record JSON.parse reads (then the scan must mark it). */
  const accepted = (raw: string): boolean => {
    const seen = validated(JSON.parse(raw));
    return seen !== undefined && auditTriggerAccepts(objectOnly!, seen);
  };

  it("is about the trigger it is meant for (aws-node-modified: resources and noSubresource)", () => {
    expect(objectOnly).toMatchObject({ noSubresource: true, resources: expect.arrayContaining(["daemonsets"]) });
  });

  it("marks records whose top-level objectRef has no subresource though the text holds one", () => {
    const cases = {
      "a subresource in a requestObject's objectRef": message(`${REF}}`, '"requestObject":{"objectRef":{"subresource":"x"}},'),
      "the same, the body written before objectRef": template.replace('"verb":"patch",', '"verb":"patch","requestObject":{"objectRef":{"subresource":"x"}},').replace("REF", `${REF}}`).replace("BODY", ""),
      "a duplicate subresource key, the last one null": message(`${REF},"subresource":"x","subresource":null}`),
      "a subresource inside a nested object of objectRef": message(`{"x":{"subresource":"status"},${REF.slice(1)}}`),
      "a subresource null": message(`${REF},"subresource":null}`),
      "a subresource null, with spaces": message(`${REF},"subresource" : null}`),
      "a subresource key in a string after objectRef": message(`${REF}}`, '"annotations":{"note":"\\"subresource\\":\\"x\\""},'),
      // Found by the property above: the only subresource key sits in an object written before objectRef.
      "a subresource key in another object before objectRef": template.replace('"verb":"patch",', '"verb":"patch","requestObject":{"spec":{"subresource":"status"}},').replace("REF", `${REF}}`).replace("BODY", ""),
    };
    for (const [what, raw] of Object.entries(cases)) {
      expect(accepted(raw), what).toBe(true);
      expect(marksOf(scan, [goJson(nodeGetPods), raw]), what).toEqual([0, 1]);
    }
  });

  it("marks what it cannot prove from Go's spelling: `\"subresource\" : \"x\"` with spaces", () => {
    const raw = message(`${REF},"subresource" : "x"}`);
    expect(accepted(raw)).toBe(false); // the full check would drop it; the scan leaves that to it
    expect(marksOf(scan, [raw])).toEqual([1]);
  });

  it("passes over a plain top-level subresource (what cuts the kubelet's noise)", () => {
    const raw = message(`${REF},"subresource":"status"}`);
    expect(accepted(raw)).toBe(false);
    expect(marksOf(scan, [raw])).toEqual([0]);
    const before = message(`{"subresource":"status",${REF.slice(1)}}`);
    expect(accepted(before)).toBe(false);
    expect(marksOf(scan, [before])).toEqual([0]);
  });

  it("is not used for a noSubresource trigger without resources (there objectRef may be absent)", () => {
    // No top-level objectRef: noSubresource holds. The only objectRef in the text is nested.
    const raw = '{"auditID":"b","verb":"patch","requestObject":{"objectRef":{"subresource":"x"}},"responseStatus":{"code":200},"stageTimestamp":"2024-05-27T08:15:30Z"}';
    const t: AuditTrigger = { verbs: ["patch"], noSubresource: true };
    expect(auditTriggerAccepts(t, validated(JSON.parse(raw))!)).toBe(true);
    expect(marksOf(compileCandidateScan([t]), [raw])).toEqual([1]);
  });

  it("marks an event when another trigger without noSubresource is met", () => {
    const raw = message(`${REF},"subresource":"status"}`);
    const triggers: AuditTrigger[] = [{ ...objectOnly! }, { verbs: ["patch"], users: ["kubernetes-admin"] }];
    expect(marksOf(compileCandidateScan(triggers), [raw])).toEqual([1]);
  });
});
