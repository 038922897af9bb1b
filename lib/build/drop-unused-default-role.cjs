/**
 * serverless-iam-roles-per-function gives every function its own role but leaves the framework's
 * shared IamRoleLambdaExecution in the template, attached to nothing and still granting what
 * the framework put there (stream reads, sqs:SendMessage, logs). This drops it once nothing in
 * the template refers to it. Listed after that plugin, so its hook runs after it.
 */
const ROLE = 'IamRoleLambdaExecution';

class DropUnusedDefaultRole {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.drop() };
  }

  drop() {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    if (!resources[ROLE]) return;
    const { [ROLE]: _role, ...others } = resources;
    if (JSON.stringify(others).includes(`"${ROLE}"`)) return;
    delete resources[ROLE];
  }
}

module.exports = DropUnusedDefaultRole;
