import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFINITION_FILE = `${PROJECT_ROOT}statemachines/vend-account.asl.yaml`;
export const SERVERLESS_FILE = `${PROJECT_ROOT}serverless.yml`;

export interface TaskBinding {
  state: string;
  /** Function key in serverless.yml (the `Fn::GetAtt` target of the state's Resource). */
  functionKey: string;
  /** Module file and export of the handler, from serverless.yml's `handler`. */
  file: string;
  exportName: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The state machine as AWS receives it: the YAML file with each `Fn::GetAtt: [fn, Arn]`
 * resolved to a Lambda ARN, as CloudFormation would do at deploy time.
 */
export function loadDefinition(
  region = 'us-east-1',
  accountId = '000000000000',
): { definition: Record<string, Json>; tasks: TaskBinding[] } {
  const raw = parse(readFileSync(DEFINITION_FILE, 'utf8')) as Record<string, Json>;
  const functions = serverlessFunctions();
  const tasks: TaskBinding[] = [];
  const states = raw.States as Record<string, Record<string, Json>>;
  for (const [state, body] of Object.entries(states)) {
    const getAtt = (body.Resource as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
    if (!getAtt) continue;
    const [functionKey] = getAtt;
    const handler = functions[functionKey]?.handler;
    if (!handler)
      throw new Error(
        `State ${state} points at function "${functionKey}", which serverless.yml does not declare`,
      );
    const dot = handler.lastIndexOf('.');
    tasks.push({
      state,
      functionKey,
      file: `${PROJECT_ROOT}${handler.slice(0, dot)}.ts`,
      exportName: handler.slice(dot + 1),
    });
    body.Resource = `arn:aws:lambda:${region}:${accountId}:function:account-vending-local-${functionKey}`;
  }
  return { definition: raw, tasks };
}

/**
 * The `functions` section of serverless.yml. Only handler paths are read, so variables stay
 * unresolved; serverless.yml uses long-form intrinsics (`Fn::GetAtt`) so plain YAML parses it.
 */
export function serverlessFunctions(): Record<string, { handler: string }> {
  const doc = parse(readFileSync(SERVERLESS_FILE, 'utf8')) as {
    functions?: Record<string, { handler: string }>;
  };
  return doc.functions ?? {};
}
