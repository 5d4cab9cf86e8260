'use strict';
// osls plugin: serverless-iam-roles-per-function gives every function a role of its own, but the framework
// still creates its shared default role `IamRoleLambdaExecution` — an unused role with the union of
// permissions. Once every function has its own role, nothing references it and it is removed. Listed after
// serverless-iam-roles-per-function in serverless.yml so it runs after that plugin has swapped the roles.
const DEFAULT_ROLE = 'IamRoleLambdaExecution';

class DropUnusedDefaultRole {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.drop() };
  }

  drop() {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    if (!resources[DEFAULT_ROLE]) return;
    const others = Object.entries(resources).filter(([id]) => id !== DEFAULT_ROLE);
    // A Ref, GetAtt or DependsOn naming the role appears as "IamRoleLambdaExecution" or "…Execution.Arn".
    const reference = new RegExp(`"${DEFAULT_ROLE}(\\.[A-Za-z]+)?"`);
    const referenced = others.some(([, resource]) => reference.test(JSON.stringify(resource)));
    if (referenced) return;
    delete resources[DEFAULT_ROLE];
  }
}

module.exports = DropUnusedDefaultRole;
