// An EKS cluster's control-plane log group: `/aws/eks/<cluster>/cluster`. The sources read the
// cluster of an audit event from it, the rules the cluster of a log group an API call names.
const LOG_GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;

export function clusterFromLogGroup(logGroup: string | undefined): string | undefined {
  return logGroup ? LOG_GROUP.exec(logGroup)?.[1] : undefined;
}
