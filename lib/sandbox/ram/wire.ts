/** RAM records as the API returns them (camelCase, timestamps in epoch seconds). */
import type { AssociationRecord, ResourceShareRecord } from './records.ts';

const epochSeconds = (date: Date): number => date.getTime() / 1000;

export function resourceShareOut(share: ResourceShareRecord): Record<string, unknown> {
  return {
    resourceShareArn: share.arn,
    name: share.name,
    owningAccountId: share.owner,
    allowExternalPrincipals: share.allowExternalPrincipals,
    status: share.status,
    tags: Object.entries(share.tags).map(([key, value]) => ({ key, value })),
    creationTime: epochSeconds(share.created),
    lastUpdatedTime: epochSeconds(share.updated),
    featureSet: 'STANDARD',
  };
}

export function associationStatus(association: AssociationRecord, now = Date.now()): string {
  if (association.state === 'disassociated') return 'DISASSOCIATED';
  if (association.state === 'invited') return 'ASSOCIATING';
  return now >= association.readyAt ? 'ASSOCIATED' : 'ASSOCIATING';
}

export function associationOut(
  share: ResourceShareRecord,
  association: AssociationRecord,
  status = associationStatus(association),
): Record<string, unknown> {
  return {
    resourceShareArn: share.arn,
    resourceShareName: share.name,
    associatedEntity: association.entity,
    associationType: association.type,
    status,
    creationTime: epochSeconds(association.created),
    lastUpdatedTime: epochSeconds(association.updated),
    external: association.external,
  };
}
