/** Names and ARNs of IAM things the blueprint file refers to. */

/**
 * An AWS managed policy: `arn:<partition>:iam::aws:policy/<path/><name>`, e.g.
 * `arn:aws:iam::aws:policy/AmazonSageMakerReadOnly` or `arn:aws:iam::aws:policy/job-function/DataScientist`.
 */
const AWS_MANAGED_POLICY_ARN = /^arn:aws(?:-[a-z]+)*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

/**
 * Whether `s` is the ARN of an AWS managed policy (one AWS maintains, attachable in every
 * account). Customer managed policy ARNs (`arn:aws:iam::123456789012:policy/x`) are not: the
 * vending machine creates those itself from `config/policies/iam/`.
 *
 * @example
 * isAwsManagedPolicyArn('arn:aws:iam::aws:policy/AmazonSageMakerReadOnly'); // true
 * isAwsManagedPolicyArn('arn:aws:iam::123456789012:policy/mine');           // false
 * isAwsManagedPolicyArn('sagemaker-data-scientist');                       // false (a policy file)
 */
export function isAwsManagedPolicyArn(s: string): boolean {
  return AWS_MANAGED_POLICY_ARN.test(s);
}
