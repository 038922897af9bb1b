/** What the packaged template grants: each function's role and the actions its statements allow. */

// biome-ignore lint/suspicious/noExplicitAny: template JSON; callers check its shape
type Cfn = any;
export interface Resource {
  Type: string;
  Properties: Record<string, Cfn>;
}
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: Cfn;
  Condition?: Cfn;
}

/** The inline statements of a role (serverless and its plugins write one policy per role). */
export function roleStatements(role: Resource | undefined): Statement[] {
  if (role?.Type !== 'AWS::IAM::Role') throw new Error('not an AWS::IAM::Role');
  return (role.Properties.Policies ?? []).flatMap((policy: Cfn) => policy.PolicyDocument.Statement);
}

/** Function key → logical id of the role its AWS::Lambda::Function runs as. */
export function functionRoleIds(
  resources: Record<string, Resource>,
  functionKeys: string[],
  stage: string,
): Map<string, string> {
  return new Map(
    functionKeys.map((key) => {
      const fn = Object.values(resources).find(
        (r) =>
          r.Type === 'AWS::Lambda::Function' &&
          r.Properties.FunctionName === `account-vending-${stage}-${key}`,
      );
      const roleId = fn?.Properties.Role?.['Fn::GetAtt']?.[0];
      if (typeof roleId !== 'string') throw new Error(`function ${key} has no role of the stack`);
      return [key, roleId];
    }),
  );
}

/**
 * Every action the statements allow. Only plain Allow statements with listed actions are
 * understood: a Deny, a NotAction or a wildcard would make "exactly these actions" meaningless.
 */
export function grantedActions(statements: Statement[]): Set<string> {
  const actions = new Set<string>();
  for (const statement of statements) {
    if (statement.Effect !== 'Allow' || statement.NotAction !== undefined)
      throw new Error(`unsupported statement ${JSON.stringify(statement)}`);
    for (const action of ([] as string[]).concat(statement.Action ?? [])) {
      if (action.includes('*')) throw new Error(`wildcard action ${action}`);
      actions.add(action);
    }
  }
  return actions;
}
