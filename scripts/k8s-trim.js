// cdk8s-plus-27's lib/imports/k8s.js trimmed to what the library uses, for the bundles only
// (scripts/bundle.js; the library's `main` keeps the whole module). The module defines 136 classes
// and 422 conversion functions at load; the CLI uses about twenty classes. Loading all of them was
// the costliest module start-up of a render (~3 ms, and its share of the compile cache).
//
// The module is tsc's output of json2jsii code: top-level class and function declarations, each
// followed by `exports.X = X;` and, for a class, `_a = JSII_RTTI_SYMBOL_1; X[_a] = {...};` and
// `X.GVK = {...};`. Each statement belongs to the name it declares or assigns; a name is kept when
// the library refers to it (`k8s.KubeDeployment`) or a kept statement does. Statements that belong
// to no name (the prelude, the `exports.* = void 0` header) are kept as they are, and so is any
// statement of another form: trimming only ever drops what provably belongs to an unused name.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

/** Names a statement declares or assigns, or undefined when it belongs to none. */
function ownerOf(s) {
  if ((ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s)) && s.name) return s.name.text;
  if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression)) return undefined;
  const { left, right, operatorToken } = s.expression;
  if (operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  // exports.X = X;
  if (ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression) && left.expression.text === 'exports') {
    return ts.isIdentifier(right) && right.text === left.name.text ? right.text : undefined;
  }
  // X.GVK = {...};
  if (ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression)) return left.expression.text;
  // X[_a] = {...};
  if (ts.isElementAccessExpression(left) && ts.isIdentifier(left.expression)) return left.expression.text;
  return undefined;
}

/** `_a = JSII_RTTI_SYMBOL_1;`: belongs to the statement after it (`X[_a] = ...`). */
function isRttiKey(s) {
  return ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && ts.isIdentifier(s.expression.left)
    && ts.isIdentifier(s.expression.right) && s.expression.right.text === 'JSII_RTTI_SYMBOL_1';
}

/**
 * The module's source with only the statements of `roots` and what they use (and the statements
 * of no name); throws when a root is not declared in it.
 */
function trimK8s(source, roots) {
  const sf = ts.createSourceFile('k8s.js', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const statements = [...sf.statements];
  const owners = statements.map(ownerOf);
  statements.forEach((s, i) => {
    if (isRttiKey(s) && owners[i + 1] !== undefined) owners[i] = owners[i + 1];
  });
  const declared = new Set(statements.filter((s) => (ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s)) && s.name).map((s) => s.name.text));
  // what each name's statements refer to
  const uses = new Map();
  statements.forEach((s, i) => {
    const owner = owners[i];
    if (owner === undefined) return;
    const set = uses.get(owner) ?? new Set();
    const visit = (n) => {
      if (ts.isIdentifier(n) && declared.has(n.text) && n.text !== owner) set.add(n.text);
      ts.forEachChild(n, visit);
    };
    visit(s);
    uses.set(owner, set);
  });
  const missing = [...roots].filter((r) => !declared.has(r));
  if (missing.length > 0) throw new Error(`k8s.js declares no ${missing.join(', ')}`);
  const kept = new Set();
  const keep = (name) => {
    if (kept.has(name)) return;
    kept.add(name);
    for (const u of uses.get(name) ?? []) keep(u);
  };
  for (const r of roots) keep(r);
  const out = statements.filter((s, i) => owners[i] === undefined || kept.has(owners[i])).map((s) => s.getText(sf));
  return { source: `${out.join('\n')}\n`, kept: [...kept].sort(), total: declared.size };
}

/** The k8s names the compiled library refers to (`k8s_1.k8s.KubeDeployment`), in lib/src. */
function usedK8sNames(libSrc) {
  const names = new Set();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bk8s_1\.k8s\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
    }
  };
  walk(libSrc);
  return names;
}

module.exports = { trimK8s, usedK8sNames };
