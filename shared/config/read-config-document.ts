import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { ConfigPath } from './config-issues';
import { type ConfigDocument, invalidConfig, isMapping, withoutExtensions } from './config-value';

// `#read-config-document` everywhere but in a function bundle (package.json `imports`): the CLI, `npm start`,
// the tests and `osls package` itself read the YAML file, with lines for every message.

const lineAt = (lines: LineCounter, node: unknown): number | undefined =>
  isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;

/**
 * The line of the deepest part of `path` that exists in the file: a key's own line for mapping entries, an
 * item's line for list entries; a missing key points at its parent.
 */
const lineOf = (doc: Document, lines: LineCounter, path: ConfigPath): number | undefined => {
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
      if (!pair) break;
      line = lineAt(lines, pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      line = lineAt(lines, node) ?? line;
    } else {
      break;
    }
  }
  return line;
};

/**
 * The plain data of a YAML (or JSON) config text — anchors and merge keys resolved, `x-…` keys dropped — and
 * the line each path is on.
 * @throws PipegateError INVALID_CONFIG for a syntax error, naming its line and column
 * @example const { value, lineOf } = readConfigDocument(text, 'pipegate.config.yaml');
 */
export const readConfigDocument = (text: string, source: string): ConfigDocument => {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true });
  const [firstError] = doc.errors;
  if (firstError) {
    // Later syntax errors are almost always echoes of the first; one precise line helps more than thirty.
    // yaml points at the indentation before a misplaced entry; the entry itself is what people look for.
    let offset = firstError.pos[0];
    while (text[offset] === ' ' || text[offset] === '\t') offset += 1;
    const { line, col } = lines.linePos(offset);
    throw invalidConfig(source, [`${source}:${line}:${col}: YAML syntax error: ${firstError.message}`]);
  }
  const file: unknown = doc.toJS();
  return {
    value: isMapping(file) ? withoutExtensions(file) : file,
    lineOf: (path) => lineOf(doc, lines, path),
  };
};
