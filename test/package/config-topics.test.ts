import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asList,
  type CfnTemplate,
  lambdaFunction,
  readTemplate,
  resource,
  roleIdOf,
  roleStatements,
} from './cloudformation-template';
import { packageService } from './support/package-service';

// A config naming topics beyond `default` packages with sns:Publish on them for the functions that publish
// — derived from the bundled file by infra/plugins/validate-pipegate-config.cjs, so it cannot drift.

let scratchDir: string;
let template: CfnTemplate;

beforeAll(async () => {
  scratchDir = mkdtempSync(join(tmpdir(), 'pipegate-config-topics-'));
  // full.yaml declares `oncall` (an ARN) and `audit` (${env:AUDIT_TOPIC_ARN, <fallback ARN>}).
  const { packageDir } = await packageService({
    scratchDir,
    args: ['--param=configFile=test/fixtures/config/valid/full.yaml'],
  });
  template = readTemplate(join(packageDir, 'cloudformation-template-update-stack.json'));
}, 240_000);

afterAll(() => {
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
});

/** Every resource a function's role may sns:Publish to. */
const publishableBy = (name: string): unknown[] =>
  roleStatements(resource(template, roleIdOf(lambdaFunction(template, `pipegate-dev-${name}`)[1])))
    .filter((statement) => asList(statement.Action).includes('sns:Publish'))
    .flatMap((statement) => asList(statement.Resource));

describe('osls package: SNS topics named in the bundled config', () => {
  it.each(['ingest', 'sweeper'])('lets %s publish to the service topic and every config topic', (name) => {
    // Prepare / Act
    const topics = publishableBy(name);

    // Assess
    expect(topics).toEqual(
      expect.arrayContaining([
        { Ref: 'PipegateTopic' },
        'arn:aws:sns:eu-west-1:123456789012:oncall',
        'arn:aws:sns:eu-west-1:123456789012:audit',
      ]),
    );
    expect(topics).toHaveLength(3);
  });

  it.each(['slack-interactions', 'approval-links', 'audit-api'])(
    'gives %s, which never publishes, no topic',
    (name) => {
      // Prepare / Act
      const topics = publishableBy(name);

      // Assess
      expect(topics).toEqual([]);
    },
  );
});
