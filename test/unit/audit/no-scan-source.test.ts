import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });

describe('the single-table design', () => {
  it('has no Scan in the product code (every access pattern is a Query on a key or index)', () => {
    // Prepare
    const files = ['shared', 'functions', 'cli'].flatMap((dir) => sourceFiles(join(ROOT, dir)));

    // Act
    const scanning = files.filter((file) =>
      /\bScan(Command|Paginator)\b|paginateScan/.test(readFileSync(file, 'utf8')),
    );

    // Assess
    expect(files.length).toBeGreaterThan(20);
    expect(scanning).toEqual([]);
  });
});
