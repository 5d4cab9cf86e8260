import { rmSync } from 'node:fs';
import { startDynalite } from '../../local/dynamodb/start-dynalite';
import { INTEGRATION_CALLS_DIR } from '../aws-calls/recording-dirs';

// One dynalite for the whole integration run on a free port; each test file creates its own table.
export default async function globalSetup(): Promise<void> {
  // This run's AWS calls (test/aws-calls/record-in-jest.ts) replace the last run's.
  rmSync(INTEGRATION_CALLS_DIR, { recursive: true, force: true });
  process.env.PIPEGATE_AWS_CALLS_DIR = INTEGRATION_CALLS_DIR;
  const dynalite = await startDynalite();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
  (globalThis as { __dynalite?: typeof dynalite }).__dynalite = dynalite;
}
