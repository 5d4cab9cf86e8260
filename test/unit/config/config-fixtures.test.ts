import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../shared/config/load-config';
import { PipegateError } from '../../../shared/errors';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'config');
const ENV = { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:pipegate' };

const filesIn = (folder: string): string[] => readdirSync(join(FIXTURES, folder)).sort();
const read = (folder: string, file: string): string => readFileSync(join(FIXTURES, folder, file), 'utf8');

/** Each invalid fixture states the issues it must produce in `# expect:` lines at its top. */
const expectedIssues = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('# expect: '))
    .map((line) => line.slice('# expect: '.length));

const refusal = (text: string, source: string): PipegateError => {
  try {
    parseConfig(text, { source, env: ENV });
  } catch (error) {
    if (error instanceof PipegateError) return error;
    throw error;
  }
  throw new Error(`${source} was accepted`);
};

describe('config fixtures', () => {
  it.each(filesIn('valid'))('accepts valid/%s', (file) => {
    // Prepare
    const text = read('valid', file);

    // Act
    const config = parseConfig(text, { source: file, env: ENV });

    // Assess
    expect(config.routes.length + config.approvals.length).toBeGreaterThan(0);
  });

  it.each(filesIn('invalid'))('refuses invalid/%s naming the exact path and why', (file) => {
    // Prepare
    const text = read('invalid', file);
    const expected = expectedIssues(text);

    // Act
    const error = refusal(text, file);

    // Assess
    expect(expected).not.toHaveLength(0);
    expect(error.code).toBe('INVALID_CONFIG');
    const issues = `\n${(error.details.issues as string[]).join('\n')}`;
    for (const wanted of expected) {
      expect(issues).toContain(wanted.startsWith(file) ? `\n${wanted}` : `\n${file}: ${wanted}`);
    }
  });
});
