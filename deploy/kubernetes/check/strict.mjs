// Unknown fields: the schema validators of kubernetes-models, like the API server, accept fields
// they do not know (the server drops them), so a misspelt `readinesProbe` would pass unnoticed.
// This walks each object along the TypeScript declarations (.d.ts) those same packages ship —
// named interfaces for core and CloudNativePG kinds, inline object types for Strimzi's — and
// reports every key the declaration does not have. Free-form maps (labels, config, the realm)
// are declared as index signatures or `any` and stay open.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const files = new Map();

/** The .d.ts file a module specifier names, from `fromFile`. */
function resolveModule(specifier, fromFile) {
  if (specifier.startsWith(".")) {
    return path.resolve(path.dirname(fromFile), specifier.replace(/\.js$/, ".d.ts"));
  }
  const [scope, name, ...rest] = specifier.split("/");
  const pkg = scope.startsWith("@") ? `${scope}/${name}` : scope;
  const sub = scope.startsWith("@") ? rest : [name, ...rest];
  const root = path.dirname(require.resolve(`${pkg}/package.json`));
  return path.join(root, ...sub) + ".d.ts";
}

/** Parsed declarations of one .d.ts: imports, aliases and named types. */
function load(file) {
  if (files.has(file)) return files.get(file);
  if (!existsSync(file)) throw new Error(`declaration file not found: ${file}`);
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
  const imports = new Map();
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    for (const part of m[1].split(",")) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name) imports.set(alias ?? name, { name, module: m[2] });
    }
  }
  const aliases = new Map();
  for (const m of text.matchAll(/export type \{([^}]*)\}/g)) {
    for (const part of m[1].split(",")) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (alias) aliases.set(alias, name);
    }
  }
  const types = new Map();
  for (const m of text.matchAll(/export interface (\w+)(?:\s+extends\s+[\w, ]+)?\s*\{/g)) {
    const start = m.index + m[0].length - 1;
    types.set(m[1], { source: text.slice(start, matchingBrace(text, start) + 1) });
  }
  for (const m of text.matchAll(/export type (\w+)\s*=\s*([^;]+);/g)) {
    types.set(m[1], { source: m[2] });
  }
  const parsed = { file, imports, aliases, types };
  files.set(file, parsed);
  return parsed;
}

function matchingBrace(text, start) {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  throw new Error("unbalanced braces");
}

/** A tiny parser of the TypeScript type syntax these declarations use. */
function parseType(source) {
  const tokens = source.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z_$][\w$]*|-?\d+(?:\.\d+)?|\S/g);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expect = (t) => {
    if (next() !== t) throw new Error(`expected ${t} near: ${tokens.slice(Math.max(0, pos - 12), pos + 3).join(" ")}`);
  };
  function union() {
    const members = [intersection()];
    while (peek() === "|") {
      next();
      members.push(intersection());
    }
    return members.length === 1 ? members[0] : { union: members };
  }
  // Strimzi's declarations say "one of" as `{...} & ({ "a": any } | { "b": any })`.
  function intersection() {
    const parts = [postfix()];
    while (peek() === "&") {
      next();
      parts.push(postfix());
    }
    return parts.length === 1 ? parts[0] : { all: parts };
  }
  function postfix() {
    if (peek() === "|") next();
    let t = primary();
    while (peek() === "[" && tokens[pos + 1] === "]") {
      pos += 2;
      t = { array: t };
    }
    return t;
  }
  function primary() {
    const t = next();
    if (t === "{") return object();
    if (t === "(") {
      const inner = union();
      expect(")");
      return inner;
    }
    if (t === "Array") {
      expect("<");
      const item = union();
      expect(">");
      return { array: item };
    }
    if (t.startsWith('"') || t.startsWith("'") || /^-?\d/.test(t)) return { leaf: t };
    return { ref: t };
  }
  function object() {
    const members = new Map();
    let index = null;
    while (peek() !== "}") {
      if (peek() === "[") {
        pos += 4; // [ key : string
        expect("]");
        expect(":");
        index = union();
      } else {
        const name = next().replace(/^["']|["']$/g, "");
        if (peek() === "?") next();
        expect(":");
        members.set(name, union());
      }
      if (peek() === ";" || peek() === ",") next();
    }
    expect("}");
    return { members, index };
  }
  return union();
}

function resolveRef(name, decl) {
  const local = decl.aliases.get(name) ?? name;
  if (decl.types.has(local)) return { decl, name: local };
  const imported = decl.imports.get(name);
  if (!imported) return null;
  const target = load(resolveModule(imported.module, decl.file));
  const targetName = target.aliases.get(imported.name) ?? imported.name;
  return target.types.has(targetName) ? { decl: target, name: targetName } : null;
}

const parsedTypes = new Map();
function typeOf(decl, name) {
  const key = `${decl.file}#${name}`;
  if (!parsedTypes.has(key)) parsedTypes.set(key, parseType(decl.types.get(name).source));
  return parsedTypes.get(key);
}

/**
 * One object type holding every member of the parts of an intersection (and of the alternatives
 * of a union inside it); a member declared `any` in one part yields to a typed one in another.
 */
function merged(parts, decl) {
  const members = new Map();
  let index = null;
  const add = (t) => {
    if (t.union) return t.union.forEach(add);
    if (t.all) return t.all.forEach(add);
    if (t.ref && !OPEN.has(t.ref)) {
      const target = resolveRef(t.ref, decl);
      if (!target) throw new Error(`cannot resolve type ${t.ref} in ${decl.file}`);
      return add(typeOf(target.decl, target.name));
    }
    if (!t.members) return;
    for (const [key, type] of t.members) {
      if (!members.has(key) || members.get(key).ref === "any") members.set(key, type);
    }
    index ??= t.index;
  };
  parts.forEach(add);
  return { members, index };
}

const OPEN = new Set(["any", "unknown", "object", "string", "number", "boolean", "null"]);

/** Unknown keys of `value` along type `t` declared in `decl`; returns a list of paths. */
function walk(value, t, decl, where, out) {
  if (value === null || value === undefined) return;
  if (t.union) {
    const structured = t.union.filter((m) => !m.leaf && !(m.ref && OPEN.has(m.ref)));
    if (structured.length === 0) return;
    let best = null;
    for (const member of structured) {
      const errors = [];
      walk(value, member, decl, where, errors);
      if (errors.length === 0) return;
      if (!best || errors.length < best.length) best = errors;
    }
    out.push(...best);
    return;
  }
  if (t.leaf) return;
  if (t.all) {
    walk(value, merged(t.all, decl), decl, where, out);
    return;
  }
  if (t.array) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, t.array, decl, `${where}[${i}]`, out));
    return;
  }
  if (t.ref) {
    if (OPEN.has(t.ref)) return;
    const target = resolveRef(t.ref, decl);
    if (!target) throw new Error(`cannot resolve type ${t.ref} in ${decl.file}`);
    walk(value, typeOf(target.decl, target.name), target.decl, where, out);
    return;
  }
  if (t.members) {
    if (typeof value !== "object" || Array.isArray(value)) return;
    if (t.members.size === 0 && !t.index) return; // `{}`: free-form
    for (const [key, child] of Object.entries(value)) {
      const member = t.members.get(key) ?? t.index;
      if (!member) out.push(`${where}.${key}`);
      else walk(child, member, decl, `${where}.${key}`, out);
    }
  }
}

/**
 * Paths of the keys in `object` that the interface `interfaceName` of module `specifier` (for
 * example `kubernetes-models/apps/v1/Deployment`, `IDeployment`) does not declare.
 */
export function unknownKeys(object, specifier, interfaceName) {
  const decl = load(resolveModule(specifier, import.meta.filename));
  if (!decl.types.has(interfaceName)) {
    throw new Error(`${specifier} declares no ${interfaceName}`);
  }
  const out = [];
  walk(object, typeOf(decl, interfaceName), decl, "", out);
  return out;
}
