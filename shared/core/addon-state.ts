// What the core remembers of an EKS add-on between events; rules read it, stores keep it.

export interface AddonState {
  version: string | null;
  /** Feature names that the last seen configurationValues turned on (see catalog/features). */
  features: string[];
  timeMs: number;
}

export function addonStateKey(account: string | null, region: string | null, cluster: string | null, addonName: string): string {
  return [account ?? "-", region ?? "-", cluster ?? "-", addonName].join("|");
}
