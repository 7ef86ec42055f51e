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
  visit,
} from 'yaml';

/** Where a config path sits in its YAML source: 1-based line and column. */
export interface Place {
  line: number;
  column: number;
}

/** Finds a path (optionally the key `key` inside it) in the source; undefined for config built in code. */
export type Locate = (path: readonly PropertyKey[], key?: string) => Place | undefined;

/** A parsed YAML text that remembers where every node came from. */
export interface YamlSource {
  value: unknown;
  /** Syntax errors, each with its place. */
  issues: ConfigIssue[];
  locate: Locate;
}

/** Parses YAML with yaml's LineCounter so that later validation errors can name file:line:column. */
export function parseYamlSource(text: string, file: string | undefined): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const issues = doc.errors.map((error): ConfigIssue => {
    const place = error.linePos?.[0];
    return withPlace(
      { path: '', message: `YAML syntax: ${error.message.split('\n')[0]}` },
      file,
      place === undefined ? undefined : { line: place.line, column: place.col },
    );
  });
  const value: unknown = issues.length === 0 ? toValue(doc, lineCounter, file, issues) : undefined;
  return { value, issues, locate: (path, key) => locateIn(doc, lineCounter, path, key) };
}

/**
 * The document as plain data. yaml throws (a ReferenceError) for an alias bomb or an unresolved alias rather than
 * expand it: that becomes a located issue, so a hostile file still ends in a ConfigError, never a raw error.
 */
function toValue(
  doc: Document,
  lines: LineCounter,
  file: string | undefined,
  issues: ConfigIssue[],
): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    let offset: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        offset = node.range?.[0];
        return visit.BREAK;
      },
    });
    const place = offset === undefined ? undefined : placeAt(lines, offset);
    issues.push(withPlace({ path: '', message: `YAML: ${(error as Error).message}` }, file, place));
    return undefined;
  }
}

/** Adds file and place to an issue when they are known. */
export function withPlace(
  issue: ConfigIssue,
  file: string | undefined,
  place: Place | undefined,
): ConfigIssue {
  const located: ConfigIssue = { ...issue };
  if (file !== undefined) located.file = file;
  if (place !== undefined) {
    located.line = place.line;
    located.column = place.column;
  }
  return located;
}

// Walks down as far as the path exists: a missing key is reported at the map that should hold it.
function locateIn(doc: Document, lines: LineCounter, path: readonly PropertyKey[], key?: string) {
  let node: unknown = doc.contents;
  for (const part of path) {
    const next = isCollection(node)
      ? node.get(typeof part === 'number' ? part : String(part), true)
      : undefined;
    if (next === undefined || next === null) break;
    node = next;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find(
      (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key,
    );
    if (pair !== undefined && isNode(pair.key) && pair.key.range) return placeAt(lines, pair.key.range[0]);
  }
  if (isNode(node) && node.range) return placeAt(lines, node.range[0]);
  return undefined;
}

function placeAt(lines: LineCounter, offset: number): Place {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
