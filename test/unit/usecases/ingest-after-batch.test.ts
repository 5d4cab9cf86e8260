import type { SQSEvent } from 'aws-lambda';
import { ingestSqsBatch } from '../../../shared/ingest/ingest-batch';
import { InMemoryHistoryStore } from '../../support/fakes/history-store';
import { RecordingLog } from '../../support/fakes/log';
import { loadFixture } from '../../support/fixtures';

const batch = (): SQSEvent => loadFixture('sqs/batch-two-envelopes.json') as unknown as SQSEvent;

describe('work after an SQS batch (cards Slack limits held back)', () => {
  it('runs once, after the records are recorded', async () => {
    // Prepare
    const history = new InMemoryHistoryStore();
    const puts = jest.spyOn(history, 'putEvent');
    const putsWhenRun: number[] = [];
    const afterBatch = async () => {
      putsWhenRun.push(puts.mock.calls.length);
    };

    // Act
    await ingestSqsBatch(batch(), { history, log: new RecordingLog(), now: () => new Date(), afterBatch });

    // Assess
    expect(putsWhenRun).toEqual([2]);
  });

  it('fails no record when it fails, and says so in the log', async () => {
    const history = new InMemoryHistoryStore();
    const log = new RecordingLog();

    const response = await ingestSqsBatch(batch(), {
      history,
      log,
      now: () => new Date(),
      afterBatch: async () => {
        throw new Error('Slack down');
      },
    });

    expect(response.batchItemFailures).toEqual([]);
    expect(log.messages('warn')).toEqual(['after-batch work failed; the records are processed']);
  });
});
