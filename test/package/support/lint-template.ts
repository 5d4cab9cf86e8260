import type { CfnTemplate } from '../cloudformation-template';

/** One problem cfn-lint found: what, and where in the template. */
export interface LintFinding {
  message: string;
  resource: string;
}

interface LintResult {
  templateValid: boolean;
  errors: { crit: LintFinding[]; warn: LintFinding[] };
}

let validate: ((template: unknown) => LintResult) | undefined;

/**
 * cfn-lint (npm) with its bundled 2.29 resource specification swapped for the current one from
 * @aws-cdk/cfnspec: the bundled spec predates properties the template uses (SqsManagedSseEnabled,
 * EventBusName, AutoDeploy…), so it would report valid properties as errors and miss real ones.
 */
const loadValidator = (): ((template: unknown) => LintResult) => {
  // cfn-lint reads its spec through this shared module object; the swap must precede loading its validator.
  const awsData = require('cfn-lint/lib/awsData') as {
    awsResources: { ResourceTypes: unknown; PropertyTypes: unknown; ResourceSpecificationVersion: string };
  };
  const current = require('@aws-cdk/cfnspec/spec/specification.json') as typeof awsData.awsResources;
  Object.assign(awsData.awsResources, {
    ResourceTypes: current.ResourceTypes,
    PropertyTypes: current.PropertyTypes,
    ResourceSpecificationVersion: current.ResourceSpecificationVersion,
  });
  const { validateJsonObject } = require('cfn-lint/lib/api') as {
    validateJsonObject: (template: unknown, options: object) => LintResult;
  };
  return (template) => validateJsonObject(template, {});
};

/**
 * Lints a CloudFormation template against the current resource specification.
 *
 * @example
 * expect(lintTemplate(template).errors).toEqual([]);
 */
export const lintTemplate = (template: CfnTemplate): { errors: LintFinding[]; warnings: LintFinding[] } => {
  validate ??= loadValidator();
  const result = validate(JSON.parse(JSON.stringify(template)));
  return { errors: result.errors.crit, warnings: result.errors.warn };
};
