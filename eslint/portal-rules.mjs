// The portal's own lint rules: the boundaries between modules and the platform.
//
// - module-boundaries: a module's files are its own. Another module imports only its public
//   face, `modules/<name>/index.ts` or `modules/<name>/api.ts`; the platform imports no module.
// - users-tables: `app_user` and `department` are read and written only in modules/users;
//   everyone else asks its api.ts.
// - scoped-tables: a table whose rows belong to a portal is queried through `scoped(ctx)` (which
//   narrows every query to the request's portal), never straight on `ctx.db`, `db` or a
//   transaction `tx`, outside the platform.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const src = path.join(root, 'server/src');
const modulesDir = path.join(src, 'modules');
const platformDir = path.join(src, 'platform');

const QUERY_METHODS = new Set(['selectFrom', 'updateTable', 'deleteFrom', 'insertInto', 'mergeInto']);
const JOIN_METHODS = new Set(['innerJoin', 'leftJoin', 'rightJoin', 'fullJoin', 'crossJoin', 'innerJoinLateral', 'leftJoinLateral']);
const USERS_TABLES = new Set(['app_user', 'department']);

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Names of the tables whose rows carry a `portal_id: number`, read from every `interface Database` of the server. */
function portalTables() {
  const tables = new Map(); // table → interface
  const portalInterfaces = new Set();
  for (const file of walk(src)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/interface\s+Database\s*\{([^}]*)\}/g)) {
      for (const t of m[1].matchAll(/^\s*([a-z_][a-z0-9_]*)\s*:\s*([A-Za-z0-9_]+)\s*;/gm)) tables.set(t[1], t[2]);
    }
    for (const m of text.matchAll(/interface\s+([A-Za-z0-9_]+)\s*(?:extends[^{]*)?\{([^}]*)\}/g)) {
      if (/^\s*portal_id\s*:\s*number\s*;/m.test(m[2])) portalInterfaces.add(m[1]);
    }
  }
  return new Set([...tables].filter(([, i]) => portalInterfaces.has(i)).map(([t]) => t));
}

let cachedPortalTables;
const isPortalTable = (t) => (cachedPortalTables ??= portalTables()).has(t);

/** The folder under server/src/modules a file belongs to, or null. */
function moduleOf(file) {
  const rel = path.relative(modulesDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : null;
}

const inside = (file, dir) => {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** The table a query starts from: `'crm_deal as d'` → `crm_deal`. */
function tableOf(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value.trim().split(/\s+/)[0];
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked.trim().split(/\s+/)[0];
  return null;
}

function calledMethod(node) {
  const c = node.callee;
  if (c.type !== 'MemberExpression' || c.computed || c.property.type !== 'Identifier') return null;
  return c.property.name;
}

/** Whether `expr` is `scoped(…)`, or a name bound once to `scoped(…)`. */
function isScoped(expr, scope) {
  if (expr.type === 'CallExpression' && expr.callee.type === 'Identifier' && expr.callee.name === 'scoped') return true;
  if (expr.type !== 'Identifier') return false;
  for (let s = scope; s; s = s.upper) {
    const v = s.set.get(expr.name);
    if (!v) continue;
    return v.defs.some((d) => d.type === 'Variable' && d.node.init && isScoped(d.node.init, s));
  }
  return false;
}

/**
 * A handle on the whole database: `….db` (ctx.db, platform.db) or a `db`, `tx`, `trx` variable.
 * Sub-queries built on an expression builder (`eb.selectFrom(…)`) live inside a narrowed query.
 */
function isRawDatabase(expr) {
  if (expr.type === 'MemberExpression' && !expr.computed && expr.property.type === 'Identifier') return expr.property.name === 'db';
  return expr.type === 'Identifier' && ['db', 'tx', 'trx'].includes(expr.name);
}

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'another module is reached only through its index.ts or api.ts; the platform imports no module' },
    messages: {
      internal: "'{{source}}' is inside module '{{target}}': import its index.ts or api.ts instead",
      platform: "the platform imports no module ('{{source}}'): a module registers itself with the platform",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const own = moduleOf(file);
    const inPlatform = inside(file, platformDir);
    function check(node, source) {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source.value);
      const targetModule = moduleOf(target);
      if (inPlatform && inside(target, modulesDir)) {
        context.report({ node: source, messageId: 'platform', data: { source: source.value } });
        return;
      }
      if (!targetModule || targetModule === own) return;
      const rel = path.relative(path.join(modulesDir, targetModule), target).replace(/\.(js|ts)$/, '');
      if (rel === 'index' || rel === 'api') return;
      context.report({ node: source, messageId: 'internal', data: { source: source.value, target: targetModule } });
    }
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
    };
  },
};

const usersTables = {
  meta: {
    type: 'problem',
    docs: { description: 'app_user and department are reached only through modules/users' },
    messages: { direct: "'{{table}}' belongs to modules/users: use its api.ts" },
    schema: [],
  },
  create(context) {
    if (moduleOf(context.filename) === 'users') return {};
    return {
      CallExpression(node) {
        const m = calledMethod(node);
        if (!m || !(QUERY_METHODS.has(m) || JOIN_METHODS.has(m))) return;
        const table = tableOf(node.arguments[0]);
        if (table && USERS_TABLES.has(table)) context.report({ node: node.arguments[0], messageId: 'direct', data: { table } });
      },
    };
  },
};

const scopedTables = {
  meta: {
    type: 'problem',
    docs: { description: "a portal's tables are queried through scoped(ctx), outside the platform" },
    messages: { unscoped: "'{{table}}' holds portal rows: query it through scoped(ctx).{{method}}(…)" },
    schema: [],
  },
  create(context) {
    if (inside(context.filename, platformDir)) return {};
    const inUsers = moduleOf(context.filename) === 'users';
    return {
      CallExpression(node) {
        const m = calledMethod(node);
        if (!m || !QUERY_METHODS.has(m)) return;
        const table = tableOf(node.arguments[0]);
        if (!table || !isPortalTable(table)) return;
        if (USERS_TABLES.has(table) && !inUsers) return; // users-tables says it
        if (!isRawDatabase(node.callee.object) || isScoped(node.callee.object, context.sourceCode.getScope(node))) return;
        context.report({ node: node.arguments[0], messageId: 'unscoped', data: { table, method: m } });
      },
    };
  },
};

export default {
  meta: { name: 'portal' },
  rules: { 'module-boundaries': moduleBoundaries, 'users-tables': usersTables, 'scoped-tables': scopedTables },
};
