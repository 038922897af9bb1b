/**
 * RAM: every resource share of every owner account, and the client tokens seen recently. The
 * switch for sharing with AWS Organizations is the organization's trusted access for
 * `ram.amazonaws.com`, so enabling it through RAM or through Organizations is the same thing.
 */
import type { OrganizationState } from '../state.ts';
import type { AssociationRecord, RamSnapshot, ResourceShareRecord } from './records.ts';

export const RAM_SERVICE_PRINCIPAL = 'ram.amazonaws.com';

export interface RememberedCall {
  fingerprint: string;
  output: Record<string, unknown>;
  /** Epoch ms after which the token may be used afresh. */
  expiresAt: number;
}

export class RamState {
  readonly shares = new Map<string, ResourceShareRecord>();
  /** Keyed by owner account, operation and token. */
  readonly clientTokens = new Map<string, RememberedCall>();

  constructor(private readonly org: OrganizationState) {}

  get sharingWithOrganizationEnabled(): boolean {
    return this.org.serviceAccess.has(RAM_SERVICE_PRINCIPAL);
  }

  /** Shares an account owns, in creation order; in one Region when given. */
  ownedBy(owner: string, region?: string): ResourceShareRecord[] {
    return [...this.shares.values()].filter(
      (s) => s.owner === owner && (region === undefined || s.region === region),
    );
  }

  /** Plain, sorted copies of an owner's shares (all Regions). */
  snapshot(ownerAccountId: string): RamSnapshot {
    const live = (map: Map<string, AssociationRecord>, state: AssociationRecord['state']) =>
      [...map.values()]
        .filter((a) => a.state === state)
        .map((a) => a.entity)
        .sort();
    return {
      shares: this.ownedBy(ownerAccountId)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.arn < b.arn ? -1 : 1))
        .map((share) => ({
          name: share.name,
          arn: share.arn,
          region: share.region,
          status: share.status,
          allowExternalPrincipals: share.allowExternalPrincipals,
          tags: { ...share.tags },
          principals: live(share.principals, 'associated'),
          invitedPrincipals: live(share.principals, 'invited'),
          resources: live(share.resources, 'associated'),
        })),
    };
  }

  reset(): void {
    this.shares.clear();
    this.clientTokens.clear();
  }
}
