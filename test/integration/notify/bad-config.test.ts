import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { loadFixture } from '../../support/fixtures';
import { createTestTable } from '../support/test-table';

describe('a bad routing file', () => {
  it('stops the ingest function before any event is processed, naming the field and why', async () => {
    // Prepare
    process.env.PIPEGATE_TABLE = await createTestTable();
    process.env.PIPEGATE_CONFIG = join(
      __dirname,
      '..',
      '..',
      'fixtures',
      'config',
      'invalid',
      'bad-state.yaml',
    );
    const { handler } = await import('../../../functions/ingest');

    // Act
    const run = handler(loadFixture('codepipeline/pipeline-started-git.json'), {} as Context);

    // Assess
    await expect(run).rejects.toThrow(/routes\[1\]\.match\.states\[0\]: "FAILD" is not a CodePipeline state/);
  });
});
