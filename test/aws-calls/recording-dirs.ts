import { join } from 'node:path';

/** Where test runs leave their recorded AWS calls (git-ignored with the rest of `.local-data/`). */
export const AWS_CALLS_ROOT = join(__dirname, '..', '..', '.local-data', 'aws-calls');

/** The integration suite's recordings: cleared when the suite starts, read by the package tests' IAM check. */
export const INTEGRATION_CALLS_DIR = join(AWS_CALLS_ROOT, 'integration');
