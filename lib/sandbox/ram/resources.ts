/**
 * Which resources a share can hold. The sandbox simulates none of the services that own them
 * (SageMaker, Glue, EC2 ...), so it cannot know which exist: it accepts any well-formed ARN of
 * a shareable type that belongs to the caller's account and the call's Region. A type RAM
 * cannot share (an S3 bucket, an AMI) is refused with InvalidParameterException.
 */
import type { RamContext } from './context.ts';
import { invalidParameter, malformedArn, unknownResource } from './errors.ts';

export interface ShareableType {
  /** RAM's name, e.g. `sagemaker:Pipeline`. */
  ramType: string;
  /** Shareable only with principals inside the organization (AWS-FACTS §2: subnets). */
  organizationOnly?: true;
  /** No Region in the ARN. */
  global?: true;
}

/** `service:arn-resource-type` → RAM type. A subset of the RAM user guide's list (AWS-FACTS §2). */
const SHAREABLE: Readonly<Record<string, ShareableType>> = {
  'sagemaker:pipeline': { ramType: 'sagemaker:Pipeline' },
  'sagemaker:lineage-group': { ramType: 'sagemaker:LineageGroup' },
  'sagemaker:sagemaker-catalog': { ramType: 'sagemaker:SagemakerCatalog' },
  'sagemaker:feature-group': { ramType: 'sagemaker:FeatureGroup' },
  'sagemaker:model-package-group': { ramType: 'sagemaker:ModelPackageGroup' },
  'sagemaker:hub': { ramType: 'sagemaker:Hub' },
  'glue:catalog': { ramType: 'glue:Catalog' },
  'glue:database': { ramType: 'glue:Database' },
  'glue:table': { ramType: 'glue:Table' },
  'ec2:subnet': { ramType: 'ec2:Subnet', organizationOnly: true },
  'ec2:prefix-list': { ramType: 'ec2:PrefixList' },
  'ec2:transit-gateway': { ramType: 'ec2:TransitGateway' },
  'ec2:ipam-pool': { ramType: 'ec2:IpamPool' },
  'imagebuilder:image': { ramType: 'imagebuilder:Image' },
  'imagebuilder:component': { ramType: 'imagebuilder:Component' },
  'license-manager:license-configuration': { ramType: 'license-manager:LicenseConfiguration' },
  'resource-groups:group': { ramType: 'resource-groups:Group' },
  'route53resolver:resolver-rule': { ramType: 'route53resolver:ResolverRule' },
};

export const SHAREABLE_RAM_TYPES: readonly string[] = Object.values(SHAREABLE).map((t) => t.ramType);

const ARN = /^arn:aws:([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

export interface CheckedResource extends ShareableType {
  arn: string;
}

export function checkResource(ctx: RamContext, arn: string): CheckedResource {
  const match = ARN.exec(arn);
  if (!match) throw malformedArn(arn);
  const [, service = '', region = '', account = '', resource = ''] = match;
  const resourceType = resource.split(/[/:]/)[0] ?? '';
  const type = SHAREABLE[`${service}:${resourceType}`];
  if (!type) {
    throw invalidParameter(
      `Resource ${arn} has a type (${service}:${resourceType}) that AWS RAM cannot share. See the shareable resource types in the AWS RAM User Guide.`,
    );
  }
  if (account !== ctx.caller.accountId || (!type.global && region !== ctx.region))
    throw unknownResource(`Resource ${arn} could not be found.`);
  return { arn, ...type };
}

export function isShareableRamType(ramType: string): boolean {
  return SHAREABLE_RAM_TYPES.includes(ramType);
}
