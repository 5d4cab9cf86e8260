import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfigValue } from '../../../shared/config/config-value';
import { compileConfig, parseConfig } from '../../../shared/config/load-config';
import { readConfigDocument } from '../../../shared/config/read-config-document.lambda';
import { PipegateError } from '../../../shared/errors';

// What a function bundle does with the config: `osls package` compiles the YAML file to JSON, the bundle's
// reader (the `pipegate-lambda` condition of `#read-config-document`) parses only that JSON.
const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'config', 'valid', 'full.yaml');
const env = {
  PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:pipegate',
  ONCALL_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:oncall',
};

describe('the compiled config a function bundle reads', () => {
  it('validates to the same config as the YAML file it was compiled from (anchors, merge keys, env references)', () => {
    // Prepare
    const yaml = readFileSync(FIXTURE, 'utf8');
    const fromYaml = parseConfig(yaml, { source: 'full.yaml', env });

    // Act
    const json = compileConfig(yaml, 'full.yaml');
    const fromJson = validateConfigValue(readConfigDocument(json, 'full.yaml.json').value, {
      source: 'full.yaml.json',
      env,
    }).config;

    // Assess: `${env:…}` stays a reference, resolved by each function with its own environment.
    expect(fromJson).toEqual(fromYaml);
    expect(json).not.toContain('x-prod');
    expect(json).toContain('${env:');
  });

  it('refuses the YAML file itself with a message saying which file a function reads', () => {
    // Prepare
    const yaml = readFileSync(FIXTURE, 'utf8');

    // Act
    const read = () => readConfigDocument(yaml, 'pipegate.config.yaml');

    // Assess
    expect(read).toThrow(PipegateError);
    expect(read).toThrow(/pipegate.config.yaml: not the JSON config `osls package` compiles/);
  });
});
