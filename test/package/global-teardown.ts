import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const scratchDir = process.env.PIPEGATE_PACKAGE_SCRATCH;
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
}
