import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageService } from './support/package-service';

// Packages serverless.yml once for the whole package project; every test file reads PIPEGATE_PACKAGE_DIR.
export default async function globalSetup(): Promise<void> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'pipegate-package-'));
  const { packageDir } = await packageService({ scratchDir });
  process.env.PIPEGATE_PACKAGE_SCRATCH = scratchDir;
  process.env.PIPEGATE_PACKAGE_DIR = packageDir;
}
