import type { ConfigIssue } from '@krakenkit/client';
import {
  type Document,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
} from 'yaml';
import type { Locator } from './issues.js';

/** A parsed YAML text that can say where any path in it is. */
export interface YamlSource {
  value: unknown;
  /** YAML syntax errors, located. */
  issues: ConfigIssue[];
  locate: Locator;
}

/** Parses YAML keeping line/column (yaml's LineCounter), so every later error can point at its line. */
export function parseYamlSource(text: string, file: string | undefined): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const issues: ConfigIssue[] = doc.errors.map((error) => {
    const place = error.linePos?.[0];
    const issue: ConfigIssue = { path: '', message: `YAML: ${error.message.split('\n')[0]}` };
    if (file !== undefined) issue.file = file;
    if (place !== undefined) {
      issue.line = place.line;
      issue.column = place.col;
    }
    return issue;
  });
  const value: unknown = issues.length === 0 ? doc.toJS() : undefined;
  return { value, issues, locate: (path, key) => locate(doc, lineCounter, path, key) };
}

function locate(doc: Document, lines: LineCounter, path: readonly PropertyKey[], key?: string) {
  // Walk down as far as the path exists: a missing key is reported at the map that should hold it.
  let node: unknown = doc.contents;
  for (const part of path) {
    const next = isCollection(node)
      ? node.get(typeof part === 'number' ? part : String(part), true)
      : undefined;
    if (next === undefined) break;
    node = next;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find(
      (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key,
    );
    if (pair !== undefined && isNode(pair.key) && pair.key.range) return position(lines, pair.key.range[0]);
  }
  if (isNode(node) && node.range) return position(lines, node.range[0]);
  return undefined;
}

function position(lines: LineCounter, offset: number) {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
