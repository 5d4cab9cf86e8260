import type { CfnTemplate } from './cloudformation-template';
import { lintTemplate } from './support/lint-template';
import { packagedTemplate } from './support/packaged';

// The packaged template against CloudFormation's current resource specification (cfn-lint + @aws-cdk/cfnspec).

describe('cfn-lint over the packaged template', () => {
  it('finds no errors', () => {
    // Prepare
    const template = packagedTemplate();

    // Act
    const { errors } = lintTemplate(template);

    // Assess
    expect(errors).toEqual([]);
  });

  it('reports a misspelt property, so a clean result means something', () => {
    // Prepare
    const template = JSON.parse(JSON.stringify(packagedTemplate())) as CfnTemplate;
    const key = template.Resources.AlarmTopicKey;
    if (!key) throw new Error('no AlarmTopicKey in the template');
    key.Properties = { ...key.Properties, EnableKeyRotaton: true };

    // Act
    const { errors } = lintTemplate(template);

    // Assess
    expect(errors.map((error) => error.message)).toEqual([
      'EnableKeyRotaton is not a valid property of AWS::KMS::Key',
    ]);
  });
});
