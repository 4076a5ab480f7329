// AWS region names and their partitions: `eu-west-1`, `ap-southeast-10`, `us-gov-west-1`,
// `cn-north-1`, `eusc-de-east-1` (a two- to four-letter area, words, a number).
/** A region name, unanchored, for patterns that embed one (a trail's log stream name). */
export const REGION_NAME = "[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}";
export const REGION = new RegExp(`^${REGION_NAME}$`);

export function isRegion(text: string): boolean {
  return REGION.test(text);
}

/** The ARN partition of a region (`arn:<partition>:…`). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("eusc-")) return "aws-eusc";
  return "aws";
}
