/**
 * What AWS RAM can share. A blueprint's `resourceShares` are checked against this table before
 * any AWS call, so an S3 bucket or an AMI in the list fails `avm validate` with the right
 * alternative instead of an AWS `UnknownResourceException` in the middle of a vend.
 */

/** One resource type AWS RAM can share, as it appears in an ARN and in RAM's own naming. */
export interface RamShareableType {
  /** The ARN's service, e.g. `sagemaker`. */
  service: string;
  /** The ARN's resource type: the resource part up to the first `/` or `:`, e.g. `pipeline`. */
  resourceType: string;
  /** RAM's resource type code, e.g. `sagemaker:Pipeline` (ListResourceTypes, managed permissions). */
  ramType: string;
  /** Global resources have no Region in their ARN; all others must have one. */
  global?: true;
}

const t = (service: string, resourceType: string, ramType: string, global?: true): RamShareableType =>
  global ? { service, resourceType, ramType, global } : { service, resourceType, ramType };

/**
 * The shareable resource types, from https://docs.aws.amazon.com/ram/latest/userguide/shareable.html
 * (the 2023 copy, plus the SageMaker types documented since: resource catalogs, feature groups,
 * model package groups, hubs, model cards, partner AI apps). AWS adds types over time: when a
 * resource you need is refused, check that page and add a row here.
 */
export const RAM_SHAREABLE_TYPES: readonly RamShareableType[] = [
  // Amazon SageMaker AI
  t('sagemaker', 'pipeline', 'sagemaker:Pipeline'),
  t('sagemaker', 'lineage-group', 'sagemaker:LineageGroup'),
  t('sagemaker', 'sagemaker-catalog', 'sagemaker:SagemakerCatalog'),
  t('sagemaker', 'feature-group', 'sagemaker:FeatureGroup'),
  t('sagemaker', 'model-package-group', 'sagemaker:ModelPackageGroup'),
  t('sagemaker', 'hub', 'sagemaker:Hub'),
  t('sagemaker', 'model-card', 'sagemaker:ModelCard'),
  t('sagemaker', 'partner-app', 'sagemaker:PartnerApp'),
  // AWS Glue (through Lake Formation)
  t('glue', 'catalog', 'glue:Catalog'),
  t('glue', 'database', 'glue:Database'),
  t('glue', 'table', 'glue:Table'),
  // Amazon EC2 and Amazon VPC
  t('ec2', 'capacity-reservation', 'ec2:CapacityReservation'),
  t('ec2', 'dedicated-host', 'ec2:DedicatedHost'),
  t('ec2', 'placement-group', 'ec2:PlacementGroup'),
  t('ec2', 'subnet', 'ec2:Subnet'),
  t('ec2', 'prefix-list', 'ec2:PrefixList'),
  t('ec2', 'transit-gateway', 'ec2:TransitGateway'),
  t('ec2', 'transit-gateway-multicast-domain', 'ec2:TransitGatewayMulticastDomain'),
  t('ec2', 'traffic-mirror-target', 'ec2:TrafficMirrorTarget'),
  t('ec2', 'ipam-pool', 'ec2:IpamPool'),
  t('ec2', 'ipam-resource-discovery', 'ec2:IpamResourceDiscovery'),
  t('ec2', 'coip-pool', 'ec2:CoipPool'),
  t('ec2', 'local-gateway-route-table', 'ec2:LocalGatewayRouteTable'),
  // EC2 Image Builder (its images are shareable; plain AMIs are not)
  t('imagebuilder', 'component', 'imagebuilder:Component'),
  t('imagebuilder', 'container-recipe', 'imagebuilder:ContainerRecipe'),
  t('imagebuilder', 'image', 'imagebuilder:Image'),
  t('imagebuilder', 'image-recipe', 'imagebuilder:ImageRecipe'),
  // AWS License Manager and AWS Resource Groups
  t('license-manager', 'license-configuration', 'license-manager:LicenseConfiguration'),
  t('resource-groups', 'group', 'resource-groups:Group'),
  // Amazon Route 53 Resolver
  t('route53resolver', 'resolver-rule', 'route53resolver:ResolverRule'),
  t('route53resolver', 'resolver-query-log-config', 'route53resolver:ResolverQueryLogConfig'),
  t('route53resolver', 'firewall-rule-group', 'route53resolver:FirewallRuleGroup'),
  // Others
  t('appmesh', 'mesh', 'appmesh:Mesh'),
  t('rds', 'cluster', 'rds:Cluster'),
  t('acm-pca', 'certificate-authority', 'acm-pca:CertificateAuthority'),
  t('codebuild', 'project', 'codebuild:Project'),
  t('codebuild', 'report-group', 'codebuild:ReportGroup'),
  t('network-firewall', 'firewall-policy', 'network-firewall:FirewallPolicy'),
  t('network-firewall', 'stateful-rulegroup', 'network-firewall:StatefulRuleGroup'),
  t('network-firewall', 'stateless-rulegroup', 'network-firewall:StatelessRuleGroup'),
  t('outposts', 'outpost', 'outposts:Outpost'),
  t('outposts', 'site', 'outposts:Site'),
  t('s3-outposts', 'outpost', 's3-outposts:Outpost'),
  t('refactor-spaces', 'environment', 'refactor-spaces:Environment'),
  t('ssm-contacts', 'contact', 'ssm-contacts:Contact'),
  t('ssm-incidents', 'response-plan', 'ssm-incidents:ResponsePlan'),
  t('networkmanager', 'core-network', 'networkmanager:CoreNetwork', true),
];

/** The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface Arn {
  partition: string;
  service: string;
  /** `''` for global resources (and S3 buckets). */
  region: string;
  /** 12 digits, `'aws'` for AWS managed resources, or `''` (S3 buckets). */
  account: string;
  resource: string;
  /** The resource part up to the first `/` or `:` (`pipeline` in `pipeline/train`). */
  resourceType: string;
}

const ARN = /^arn:(aws(?:-[a-z]+)*):([a-z0-9][a-z0-9-]*):([a-z0-9-]*):(\d{12}|aws|):([\x21-\x7e]+)$/;

/**
 * Splits an ARN into its parts, or returns `undefined` when it is not one (printable ASCII
 * without spaces, at most 2,048 characters).
 *
 * @example
 * parseArn('arn:aws:sagemaker:us-east-1:222222222222:pipeline/train');
 * // { partition: 'aws', service: 'sagemaker', region: 'us-east-1', account: '222222222222',
 * //   resource: 'pipeline/train', resourceType: 'pipeline' }
 * parseArn('sagemaker pipeline'); // undefined
 */
export function parseArn(arn: string): Arn | undefined {
  if (arn.length > 2048) return undefined;
  const match = ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = '', service = '', region = '', account = '', resource = ''] = match;
  const resourceType = /^[^/:]*/.exec(resource)?.[0] ?? '';
  return { partition, service, region, account, resource, resourceType };
}

/**
 * The row of `RAM_SHAREABLE_TYPES` for a parsed ARN, if RAM can share it.
 *
 * @example
 * ramShareableType({ service: 'sagemaker', resourceType: 'pipeline' })?.ramType; // 'sagemaker:Pipeline'
 * ramShareableType({ service: 's3', resourceType: 'bucket' });                  // undefined
 */
export function ramShareableType(arn: Pick<Arn, 'service' | 'resourceType'>): RamShareableType | undefined {
  return RAM_SHAREABLE_TYPES.find((s) => s.service === arn.service && s.resourceType === arn.resourceType);
}

/**
 * Why AWS RAM cannot share the resource `arn`, or `undefined` when it can: not an ARN, a type
 * RAM does not share (with what to use instead for S3 and AMIs), no owning account, or a
 * Regional resource without a Region. Used by `blueprintProblems` and by the ShareResources step.
 *
 * @example
 * ramShareProblem('arn:aws:sagemaker:us-east-1:222222222222:pipeline/train'); // undefined
 * ramShareProblem('arn:aws:s3:::ml-data-333333333333');
 * // 'AWS RAM cannot share S3 buckets or objects; use a dataAccess entry (bucket policy + role)'
 */
export function ramShareProblem(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined) {
    return `${JSON.stringify(arn)} is not an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)`;
  }
  const { service, resourceType, region, account } = parsed;
  if (service === 's3') {
    return 'AWS RAM cannot share S3 buckets or objects; use a dataAccess entry (bucket policy + role)';
  }
  if (service === 'ec2' && resourceType === 'image') {
    return 'AWS RAM cannot share AMIs; grant AMI launch permissions (ec2:ModifyImageAttribute) instead';
  }
  const type = ramShareableType(parsed);
  if (type === undefined) {
    return `AWS RAM cannot share ${service}:${resourceType}; see the list of shareable resources (https://docs.aws.amazon.com/ram/latest/userguide/shareable.html)`;
  }
  if (!/^\d{12}$/.test(account)) {
    return `${type.ramType} ARN must name the 12-digit account that owns the resource`;
  }
  if (!type.global && region === '')
    return `${type.ramType} is a Regional resource; its ARN must name the Region`;
  return undefined;
}
