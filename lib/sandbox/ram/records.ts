/**
 * RAM records: resource shares of one owner account in one Region, with their principal and
 * resource associations. Associations are never removed, only marked, because RAM keeps
 * reporting DISASSOCIATED ones for a while.
 */

/**
 * `associated`: in effect (ASSOCIATED once `readyAt` has passed, ASSOCIATING before);
 * `invited`: a principal that must accept an invitation first — outside the organization, or
 * any principal while sharing with AWS Organizations is off. The sandbox models no acceptance,
 * so an invited principal stays ASSOCIATING; `disassociated`: removed (DISASSOCIATED).
 */
export type AssociationState = 'associated' | 'invited' | 'disassociated';

export interface AssociationRecord {
  entity: string;
  type: 'PRINCIPAL' | 'RESOURCE';
  state: AssociationState;
  /** A principal outside the organization. */
  external: boolean;
  created: Date;
  updated: Date;
  /** Epoch ms from which an `associated` association reports ASSOCIATED. */
  readyAt: number;
}

export interface ResourceShareRecord {
  arn: string;
  name: string;
  owner: string;
  region: string;
  allowExternalPrincipals: boolean;
  status: 'ACTIVE' | 'DELETED';
  tags: Record<string, string>;
  created: Date;
  updated: Date;
  principals: Map<string, AssociationRecord>;
  resources: Map<string, AssociationRecord>;
}

/** Plain, sorted data for assertions: what `sandbox.ram.snapshot(ownerAccountId)` returns. */
export interface RamSnapshot {
  shares: {
    name: string;
    arn: string;
    region: string;
    status: 'ACTIVE' | 'DELETED';
    allowExternalPrincipals: boolean;
    tags: Record<string, string>;
    /** Principals in effect (associated), sorted. */
    principals: string[];
    /** Principals waiting on an invitation, sorted. */
    invitedPrincipals: string[];
    /** Resource ARNs in effect, sorted. */
    resources: string[];
  }[];
}
