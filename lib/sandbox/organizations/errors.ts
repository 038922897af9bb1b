/** Organizations "not found" errors with the messages AWS uses, shared by the handlers. */
import { AwsError } from '../aws-error.ts';

const error = (name: string, message: string) => (): AwsError => new AwsError(name, message);

export const accountNotFound = error(
  'AccountNotFoundException',
  "You specified an account that doesn't exist.",
);
export const parentNotFound = error(
  'ParentNotFoundException',
  "We can't find a root or OU with the ParentId that you specified.",
);
export const childNotFound = error(
  'ChildNotFoundException',
  "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
);
export const organizationalUnitNotFound = error(
  'OrganizationalUnitNotFoundException',
  "We can't find an OU with the OrganizationalUnitId that you specified.",
);
export const rootNotFound = error(
  'RootNotFoundException',
  "We can't find a root with the RootId that you specified.",
);
export const policyNotFound = error(
  'PolicyNotFoundException',
  "We can't find a policy with the PolicyId that you specified.",
);
export const targetNotFound = error(
  'TargetNotFoundException',
  "We can't find a root, OU, account, or policy with the TargetId that you specified.",
);
export const policyTypeNotEnabled = error(
  'PolicyTypeNotEnabledException',
  "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.",
);
