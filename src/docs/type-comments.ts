/**
 * Doc comments of `src/config/types.ts`, by config path (`workspace.runtime.fsShiftMethod`), read
 * with the TypeScript compiler API. Used by the docs generator only (TypeScript is a dev
 * dependency; nothing in the library loads this module).
 */
import * as fs from 'node:fs';
import * as ts from 'typescript';

export interface FieldComment {
  /** The comment text without tags. */
  readonly text: string;
  /** The `@default` tag, if any. */
  readonly default?: string;
  /** True when the comment is the field's type's, not the field's own. */
  readonly fromType?: boolean;
}

/** Comments of every property reachable from `GitpodConfig`, keyed by dotted path (`[]` for array items, `*` for map values). */
export function typeComments(file: string, root = 'GitpodConfig'): Map<string, FieldComment> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const decls = new Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
  source.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) decls.set(n.name.text, n);
  });
  const out = new Map<string, FieldComment>();

  const members = (path: string, list: ts.NodeArray<ts.TypeElement>, seen: Set<string>) => {
    for (const m of list) {
      if (!ts.isPropertySignature(m) || !m.name) continue;
      const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : m.name.getText(source);
      const at = path ? `${path}.${name}` : name;
      const comment = commentOf(m);
      if (comment) out.set(at, comment);
      if (m.type) walk(at, m.type, seen);
    }
  };

  const walk = (path: string, type: ts.TypeNode, seen: Set<string>): void => {
    if (ts.isTypeLiteralNode(type)) return members(path, type.members, seen);
    if (ts.isArrayTypeNode(type)) return walk(`${path}[]`, type.elementType, seen);
    if (ts.isTypeOperatorNode(type)) return walk(path, type.type, seen);
    if (ts.isParenthesizedTypeNode(type)) return walk(path, type.type, seen);
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName.getText(source);
      const args = type.typeArguments ?? [];
      if (name === 'Record' && args.length === 2) return walk(`${path}.*`, args[1], seen);
      if ((name === 'Partial' || name === 'Readonly') && args.length === 1) return walk(path, args[0], seen);
      const decl = decls.get(name);
      if (!decl || seen.has(name)) return;
      // A type's own comment describes the fields typed with it when they have none.
      const own = commentOf(decl);
      if (own && !out.has(path)) out.set(path, { ...own, fromType: true });
      const next = new Set(seen).add(name);
      if (ts.isInterfaceDeclaration(decl)) return members(path, decl.members, next);
      return walk(path, decl.type, next);
    }
  };

  const rootDecl = decls.get(root);
  if (rootDecl && ts.isInterfaceDeclaration(rootDecl)) members('', rootDecl.members, new Set([root]));
  return out;
}

function commentOf(node: ts.Node): FieldComment | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  if (!docs || docs.length === 0) return undefined;
  const doc = docs[docs.length - 1];
  const text = flat(ts.getTextOfJSDocComment(doc.comment) ?? '');
  const def = doc.tags?.find((t) => t.tagName.text === 'default');
  const d = def ? flat(ts.getTextOfJSDocComment(def.comment) ?? '') : undefined;
  if (!text && d === undefined) return undefined;
  return { text, ...(d !== undefined ? { default: d } : {}) };
}

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
