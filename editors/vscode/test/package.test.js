'use strict';
// Validates package.json against the rules VS Code (extension validator, contribution points) and vsce
// enforce, and against the server's own settings, token legend and diagnostic codes.
// Run: node --test editors/vscode/test/

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes || {};
const properties = (contributes.configuration || {}).properties || {};

// From the server (see the brief in editors/README.md).
const DIAGNOSTIC_CODES = [
  'unbalanced-mark', 'sum-mismatch', 'ratio-mismatch', 'difference-mismatch', 'growth-mismatch',
  'direction-mismatch', 'count-mismatch', 'list-length-mismatch', 'conflicting-figure', 'impossible-date',
  'range-order', 'impossible-share', 'undefined-alias', 'alias-conflict',
];
const TOKEN_TYPES = ['policy', 'alias', 'programme', 'organization', 'figure', 'date'];
const TOKEN_MODIFIERS = ['definition', 'approximate', 'inconsistent'];
const SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'];

// vsce: validatePublisher / validateExtensionName.
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
// semver 2.0.0, the regular expression the specification gives.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
// VS Code's extension validator (normalizeVersion / isValidVersionStr).
const ENGINE = /^(\^|>=)?((\d+)|x)\.((\d+)|x)\.((\d+)|x)(-.*)?$/;
// tokenClassificationRegistry.ts
const ID_PATTERN = /^\w+[-_\w+]*$/;
const SELECTOR_PATTERN = /^(\w+[-_\w+]*|\*)(\.\w+[-_\w+]*)*(:\w+[-_\w+]*)?$/;
const STANDARD_TOKEN_TYPES = [
  'comment', 'string', 'keyword', 'number', 'regexp', 'operator', 'namespace', 'type', 'struct', 'class',
  'interface', 'enum', 'typeParameter', 'function', 'method', 'decorator', 'macro', 'variable', 'parameter',
  'property', 'enumMember', 'event', 'label',
];
// configurationRegistry.ts: ConfigurationScope names accepted in `scope`.
const SCOPES = ['application', 'machine', 'window', 'resource', 'language-overridable', 'machine-overridable'];
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];
// TextMate scopes the stock themes (Dark+/Light+/Dark Modern/Light Modern/High Contrast) give a colour.
const COLOURED_SCOPES = ['entity.name.type', 'variable.other.constant', 'entity.name.function', 'entity.name.tag',
  'constant.numeric', 'string', 'invalid'];

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}
function matchesType(value, type) {
  const types = Array.isArray(type) ? type : [type];
  const t = typeOf(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

test('name and publisher follow vsce rules; version is semver', () => {
  assert.match(pkg.name, NAME_PATTERN);
  assert.match(pkg.publisher, NAME_PATTERN);
  assert.match(pkg.version, SEMVER);
  assert.equal(typeof pkg.displayName, 'string');
  assert.ok(pkg.description.length > 0);
});

test('engines.vscode is a pinned, valid range no older than vscode-languageclient 9 needs (1.82)', () => {
  const engine = pkg.engines && pkg.engines.vscode;
  assert.equal(typeof engine, 'string');
  assert.notEqual(engine, '*', 'must be pinned');
  const m = ENGINE.exec(engine);
  assert.ok(m, `${engine} is not a valid engine range`);
  const [major, minor] = [Number(m[3]), Number(m[5])];
  assert.ok(major > 1 || (major === 1 && minor >= 82), `${engine} is older than 1.82`);
});

test('dependency on vscode-languageclient ^9 and nothing that needs a compile step', () => {
  assert.match(pkg.dependencies['vscode-languageclient'], /^\^9\./);
  assert.ok(!pkg.devDependencies || !pkg.devDependencies.typescript, 'plain JavaScript: no TypeScript');
  assert.ok(!pkg.scripts || !pkg.scripts['vscode:prepublish'], 'no prepublish build step');
});

test('main is a relative path to an existing CommonJS file inside the extension folder', () => {
  assert.equal(typeof pkg.main, 'string');
  const main = path.resolve(root, pkg.main.endsWith('.js') ? pkg.main : `${pkg.main}.js`);
  assert.ok(main.startsWith(root + path.sep), 'main must be inside the extension folder');
  assert.ok(fs.existsSync(main), `${main} is missing`);
  const source = fs.readFileSync(main, 'utf8');
  assert.match(source, /module\.exports\s*=/);
  assert.doesNotMatch(source, /^\s*import\s/m, 'no ES module syntax: VS Code loads main with require');
});

test('activationEvents are strings and activate on plaintext and markdown', () => {
  assert.ok(Array.isArray(pkg.activationEvents));
  for (const e of pkg.activationEvents) assert.equal(typeof e, 'string');
  assert.ok(pkg.activationEvents.includes('onLanguage:plaintext'));
  assert.ok(pkg.activationEvents.includes('onLanguage:markdown'));
  assert.equal(new Set(pkg.activationEvents).size, pkg.activationEvents.length, 'no duplicates');
});

test('every configuration property is well formed: type, description, default of that type, valid scope', () => {
  assert.equal(contributes.configuration.type, 'object');
  assert.equal(typeof contributes.configuration.title, 'string');
  const keys = Object.keys(properties);
  assert.ok(keys.length > 0);
  for (const key of keys) {
    const p = properties[key];
    assert.match(key, /^policyLsp\.[A-Za-z.]+$/, `${key} is outside the policyLsp section`);
    for (const t of [].concat(p.type)) assert.ok(JSON_TYPES.includes(t), `${key}: bad type ${t}`);
    assert.ok(typeof p.description === 'string' || typeof p.markdownDescription === 'string', `${key}: no description`);
    assert.ok('default' in p, `${key}: no default`);
    assert.ok(matchesType(p.default, p.type), `${key}: default ${JSON.stringify(p.default)} is not a ${p.type}`);
    if (p.enum) {
      assert.ok(p.enum.includes(p.default), `${key}: default not in enum`);
      if (p.enumDescriptions) assert.equal(p.enumDescriptions.length, p.enum.length, `${key}: enumDescriptions`);
    }
    if (p.scope !== undefined) assert.ok(SCOPES.includes(p.scope), `${key}: bad scope ${p.scope}`);
    if (typeof p.minimum === 'number') assert.ok(p.default >= p.minimum, `${key}: default below minimum`);
    if (typeof p.maximum === 'number') assert.ok(p.default <= p.maximum, `${key}: default above maximum`);
  }
});

test('configuration mirrors every server setting with the server\'s types and defaults', () => {
  const expect = {
    'policyLsp.diagnosticsDelayMs': ['integer', 40],
    'policyLsp.logToClient': ['boolean', false],
    'policyLsp.locale': ['string', 'zh'],
    'policyLsp.rules': ['object', {}],
    'policyLsp.inlayHints.figures': ['boolean', true],
    'policyLsp.inlayHints.abbreviations': ['boolean', true],
    'policyLsp.server.path': ['string', ''],
    'policyLsp.languages': ['array', []],
  };
  for (const [key, [type, def]] of Object.entries(expect)) {
    assert.ok(properties[key], `${key} is missing`);
    assert.equal(properties[key].type, type, key);
    assert.deepEqual(properties[key].default, def, key);
  }
  assert.deepEqual(properties['policyLsp.locale'].enum, ['zh', 'en']);
  assert.equal(properties['policyLsp.languages'].items.type, 'string');
});

test('rules lists every diagnostic code with exactly the five severities', () => {
  const rules = properties['policyLsp.rules'];
  assert.deepEqual(Object.keys(rules.properties).sort(), [...DIAGNOSTIC_CODES].sort());
  for (const code of DIAGNOSTIC_CODES) {
    const r = rules.properties[code];
    assert.equal(r.type, 'string');
    assert.deepEqual(r.enum, SEVERITIES, code);
    assert.ok(typeof r.description === 'string' && r.description.length > 0, `${code}: no description`);
  }
});

test('configurationDefaults only set language-specific editor settings', () => {
  for (const [key, value] of Object.entries(contributes.configurationDefaults || {})) {
    assert.match(key, /^\[[a-z]+\]$/, `${key}: only language overrides`);
    for (const k of Object.keys(value)) assert.match(k, /^editor\./);
  }
});

test('commands: id, title and category; unique; menus only name contributed commands', () => {
  const ids = contributes.commands.map((c) => c.command);
  assert.equal(new Set(ids).size, ids.length);
  for (const c of contributes.commands) {
    assert.match(c.command, /^policyLsp\.[A-Za-z]+$/);
    assert.equal(typeof c.title, 'string');
    assert.equal(typeof c.category, 'string');
  }
  assert.ok(ids.includes('policyLsp.restartServer'));
  assert.ok(ids.includes('policyLsp.showRelatedPolicies'));
  for (const [menu, entries] of Object.entries(contributes.menus || {})) {
    for (const entry of entries) assert.ok(ids.includes(entry.command), `${menu}: ${entry.command} is not contributed`);
  }
});

test('semantic token types and modifiers: the server\'s legend, valid ids, descriptions, standard super types', () => {
  assert.deepEqual(contributes.semanticTokenTypes.map((t) => t.id), TOKEN_TYPES);
  assert.deepEqual(contributes.semanticTokenModifiers.map((m) => m.id), TOKEN_MODIFIERS);
  for (const t of [...contributes.semanticTokenTypes, ...contributes.semanticTokenModifiers]) {
    assert.match(t.id, ID_PATTERN);
    assert.ok(typeof t.description === 'string' && t.description.length > 0, `${t.id}: no description`);
  }
  for (const t of contributes.semanticTokenTypes) {
    if (t.superType !== undefined) {
      assert.match(t.superType, ID_PATTERN);
      assert.ok(STANDARD_TOKEN_TYPES.includes(t.superType), `${t.id}: super type ${t.superType} is not standard`);
    }
  }
});

test('semanticTokenScopes: valid selectors over known types and modifiers, mapped to scopes stock themes colour', () => {
  const known = new Set([...TOKEN_TYPES, ...STANDARD_TOKEN_TYPES, '*']);
  const mapped = new Set();
  assert.ok(Array.isArray(contributes.semanticTokenScopes));
  for (const entry of contributes.semanticTokenScopes) {
    if (entry.language !== undefined) assert.equal(typeof entry.language, 'string');
    assert.equal(typeOf(entry.scopes), 'object');
    for (const [selector, scopes] of Object.entries(entry.scopes)) {
      assert.match(selector, SELECTOR_PATTERN, `${selector} is not a valid selector`);
      const [type, ...modifiers] = selector.split(':')[0].split('.');
      assert.ok(known.has(type), `${selector}: unknown type ${type}`);
      for (const m of modifiers) assert.ok(TOKEN_MODIFIERS.includes(m), `${selector}: unknown modifier ${m}`);
      assert.ok(Array.isArray(scopes) && scopes.length > 0, `${selector}: scopes must be a non-empty array`);
      for (const s of scopes) {
        assert.equal(typeof s, 'string');
        assert.ok(COLOURED_SCOPES.some((c) => s === c || s.startsWith(`${c}.`)), `${selector}: ${s} is not coloured by stock themes`);
      }
      if (modifiers.length === 0) mapped.add(type);
    }
  }
  for (const t of TOKEN_TYPES) assert.ok(mapped.has(t), `token type ${t} has no scope mapping`);
  // Each type gets its own colour family, so policies, aliases and figures are told apart at a glance.
  const firstScope = (t) => contributes.semanticTokenScopes[0].scopes[t][0];
  const families = TOKEN_TYPES.map((t) => COLOURED_SCOPES.find((c) => firstScope(t).startsWith(c)));
  assert.equal(new Set(families).size, TOKEN_TYPES.length, `shared colours: ${families}`);
});

test('the README says how to install and how to build the .vsix', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.match(readme, /npm install/);
  assert.match(readme, /npx @vscode\/vsce package/);
  assert.match(readme, /policyLsp\.server\.path/);
  for (const key of Object.keys(properties)) assert.ok(readme.includes(key), `README does not document ${key}`);
});

test('.vscodeignore keeps the tests out of the .vsix', () => {
  const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
  assert.ok(ignore.includes('test/**'));
});
