import {
  type Document,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  parseDocument,
  visit,
} from 'yaml';
import type { ConfigIssue } from '../errors/config-error.js';
import { type Locator, unknownKeyIssue } from './config-issues.js';

/**
 * The deepest nesting of mappings and sequences accepted. A config needs fewer than ten levels; yaml builds the
 * document recursively and runs out of stack near 800, which would surface as "Maximum call stack size exceeded".
 */
export const MAX_YAML_DEPTH = 64;

/** A parsed YAML text that can say where any path in it is. */
export interface YamlSource {
  /** The document as plain data; undefined when it has issues. */
  value: unknown;
  /** YAML syntax errors, located. */
  issues: ConfigIssue[];
  /** Finds where a path of the document sits. */
  locate: Locator;
}

/**
 * Parses YAML keeping line/column (yaml's LineCounter), so every later error can point at its line. Bounded on
 * hostile input: duplicate keys are found in one pass, an alias bomb (billion laughs) becomes an issue at its first
 * alias instead of being expanded, and syntax errors are issues, never raw exceptions.
 */
export function parseYamlSource(text: string, file: string | undefined): YamlSource {
  const tooDeep = deeperThanAllowed(text);
  if (tooDeep !== undefined) {
    const message = `YAML: nested deeper than ${MAX_YAML_DEPTH} levels at line ${tooDeep.line}`;
    const issue: ConfigIssue = { path: '', message, ...tooDeep };
    if (file !== undefined) issue.file = file;
    return { value: undefined, issues: [issue], locate: () => undefined };
  }
  const lineCounter = new LineCounter();
  // yaml's own unique-key check compares every key with every other (20,000 keys: 3 s); duplicates are found here
  // in one pass instead, reported the same way.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
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
  if (issues.length === 0) issues.push(...duplicateAndProtoKeys(doc, lineCounter, file));
  const value: unknown = issues.length === 0 ? toValue(doc, lineCounter, file, issues) : undefined;
  return { value, issues, locate: (path, key) => locate(doc, lineCounter, path, key) };
}

/**
 * The document as plain data. yaml refuses to expand alias bombs (billion laughs) by throwing a ReferenceError:
 * that becomes an issue at the first alias, so the caller still gets a ConfigError, never a raw error.
 */
function toValue(
  doc: Document,
  lines: LineCounter,
  file: string | undefined,
  issues: ConfigIssue[],
): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    const issue: ConfigIssue = { path: '', message: `YAML: ${(error as Error).message}` };
    if (file !== undefined) issue.file = file;
    const place = firstAlias(doc, lines);
    if (place !== undefined) {
      issue.line = place.line;
      issue.column = place.column;
    }
    issues.push(issue);
    return undefined;
  }
}

/**
 * Where the text first nests mappings and sequences deeper than {@link MAX_YAML_DEPTH}, found with yaml's own
 * parser (iterative, unlike the document builder) and stopped right there; undefined when it never does.
 */
function deeperThanAllowed(text: string): { line: number; column: number } | undefined {
  const lines = new LineCounter();
  lines.addNewLine(0);
  const parser = new Parser(lines.addNewLine);
  for (const lexeme of new Lexer().lex(text)) {
    // Its tokens are not needed: parseDocument parses the text again once its depth is known to be safe.
    for (const _token of parser.next(lexeme));
    let depth = 0;
    for (const token of parser.stack) {
      if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection')
        continue;
      depth += 1;
      // Placed where the collection one level too deep starts.
      if (depth > MAX_YAML_DEPTH) return position(lines, token.offset);
    }
  }
  return undefined;
}

/**
 * Keys repeated within one mapping (scalar keys, compared by value as YAML does), in one pass per map; and every
 * `__proto__` key, reported as unknown: as plain data it is an own key that `in` checks and record schemas let
 * through, and no config has a setting of that name.
 */
function duplicateAndProtoKeys(doc: Document, lines: LineCounter, file: string | undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(doc, {
    Map(_key, map, ancestors) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (pair.key.value === '__proto__') {
          const offset = pair.key.range?.[0];
          const place = offset === undefined ? undefined : position(lines, offset);
          issues.push(unknownKeyIssue(pathOf([...ancestors, map]), '__proto__', file, () => place));
        }
        if (!seen.has(pair.key.value)) {
          seen.add(pair.key.value);
          continue;
        }
        const issue: ConfigIssue = { path: '', message: 'YAML: Map keys must be unique' };
        if (file !== undefined) issue.file = file;
        const offset = pair.key.range?.[0];
        if (offset !== undefined) Object.assign(issue, position(lines, offset));
        issues.push(issue);
      }
    },
  });
  return issues;
}

// The data path of a node from its ancestors: a pair adds its key, a sequence the index of the item below it.
function pathOf(chain: readonly unknown[]): PropertyKey[] {
  const path: PropertyKey[] = [];
  chain.forEach((step, index) => {
    if (isPair(step)) path.push(isScalar(step.key) ? String(step.key.value) : '?');
    else if (isSeq(step)) path.push(step.items.indexOf(chain[index + 1] as never));
  });
  return path;
}

function firstAlias(doc: Document, lines: LineCounter): { line: number; column: number } | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset === undefined ? undefined : position(lines, offset);
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
