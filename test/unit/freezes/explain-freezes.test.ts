import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../shared/config/load-config';
import { explainFreezes } from '../../../shared/freezes/explain-freezes';

const config = parseConfig(
  readFileSync(join(__dirname, '../../fixtures/config/valid/freezes.yaml'), 'utf8'),
  {
    source: 'freezes.yaml',
    env: { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:pipegate' },
  },
);

describe('explainFreezes (pipegate config check)', () => {
  it('says each window in its zone, whether it holds now, and who may break it', () => {
    // Act: Saturday 5 December 2026, 10:00 UTC
    const lines = explainFreezes(config.freezes, new Date('2026-12-05T10:00:00Z'));

    // Assess
    expect(lines).toEqual([
      'freezes "weekend": pipelines prod-*',
      '  window: every sat, sun 00:00–24:00 (Europe/Berlin)',
      '  now: in force until Mon 7 Dec 2026 00:00 (Europe/Berlin)',
      '  break-glass: U0LEAD001, S0ONCALL1, cto@example.com (if also approvers, with a reason)',
      'freezes "friday afternoon": pipelines prod-*, stages Release*',
      '  window: every fri 15:00–24:00 (Europe/Berlin)',
      '  now: not in force',
      '  break-glass: nobody: approving waits until the freeze ends',
      'freezes "nights": pipelines prod-*',
      '  window: every mon, tue, wed, thu 20:00–07:00 (overnight, into the next day) (America/New_York)',
      '  now: not in force',
      '  break-glass: nobody: approving waits until the freeze ends',
      'freezes "year-end": pipelines *',
      '  window: 2026-12-21 00:00 → 2027-01-04 08:00 (Europe/Berlin)',
      '  now: not in force',
      '  break-glass: nobody: approving waits until the freeze ends',
    ]);
  });
});
