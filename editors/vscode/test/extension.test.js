'use strict';
// Unit tests of extension.js against test doubles of `vscode` and `vscode-languageclient/node`.
// Run: node --test editors/vscode/test/

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createWorld, loadExtension, makeContext, settle, Position, makeUri } = require('./doubles');

const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));

/** A scratch directory with a fake `policy-lsp` (executable unless told otherwise), removed after the test. */
function scratch(t, { executable = true, name = 'policy-lsp' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lsp-vscode-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const binary = path.join(dir, name);
  fs.writeFileSync(binary, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(binary, executable ? 0o755 : 0o644);
  return { dir, binary };
}

/** Runs activate with PATH set to `pathValue` for the duration of the call. */
async function activateWith(t, world, pathValue) {
  const saved = process.env.PATH;
  process.env.PATH = pathValue;
  t.after(() => { process.env.PATH = saved; });
  const ext = loadExtension(world);
  const context = makeContext();
  const api = await ext.activate(context);
  return { ext, context, api };
}

test('a missing binary gives a clear error naming the binary and the setting, and starts no client', async (t) => {
  const { dir } = scratch(t, { name: 'something-else' });
  const world = createWorld();
  await activateWith(t, world, dir);
  assert.equal(world.clients.length, 0);
  assert.equal(world.errors.length, 1);
  const { message, items } = world.errors[0];
  assert.match(message, /"policy-lsp" binary was not found on PATH/);
  assert.match(message, /policyLsp\.server\.path/);
  assert.deepEqual(items, ['Open Settings', 'Show Output']);
  assert.ok(world.output.some((l) => l.includes('not found on PATH')), 'the error is also written to the output channel');
});

test('choosing "Open Settings" on the missing-binary error opens the server.path setting', async (t) => {
  const { dir } = scratch(t, { name: 'unrelated' });
  const world = createWorld({ errorChoice: 'Open Settings' });
  await activateWith(t, world, dir);
  await settle();
  assert.deepEqual(world.executed, [{ id: 'workbench.action.openSettings', args: ['policyLsp.server.path'] }]);
});

test('a configured path that does not exist is reported with the path', async (t) => {
  const { dir } = scratch(t);
  const missing = path.join(dir, 'nope', 'policy-lsp');
  const world = createWorld({ settings: { 'policyLsp.server.path': missing } });
  await activateWith(t, world, dir); // PATH has a good binary, but an explicit setting wins
  assert.equal(world.clients.length, 0);
  assert.match(world.errors[0].message, /does not exist/);
  assert.ok(world.errors[0].message.includes(missing));
});

test('a configured path that is not executable is reported as such', async (t) => {
  const { binary } = scratch(t, { executable: false });
  const world = createWorld({ settings: { 'policyLsp.server.path': binary } });
  await activateWith(t, world, '');
  assert.equal(world.clients.length, 0);
  assert.match(world.errors[0].message, /is not an executable file/);
});

test('the binary on PATH starts a stdio client for plaintext and markdown with the settings as initializationOptions', async (t) => {
  const { dir, binary } = scratch(t);
  const world = createWorld({
    settings: {
      'policyLsp.languages': ['restructuredtext', 'markdown', ' ', 42],
      'policyLsp.diagnosticsDelayMs': 250,
      'policyLsp.logToClient': true,
      'policyLsp.locale': 'en',
      'policyLsp.rules': { 'sum-mismatch': 'error', 'undefined-alias': 'off', 'bogus-code': 'loud' },
      'policyLsp.inlayHints.figures': false,
    },
  });
  const { api } = await activateWith(t, world, `/nonexistent:${dir}`);
  assert.equal(world.errors.length, 0, JSON.stringify(world.errors));
  assert.equal(world.clients.length, 1);
  const c = world.clients[0];
  assert.equal(api.client(), c);
  assert.equal(c.id, 'policyLsp', 'the id makes languageclient read policyLsp.trace.server');
  assert.equal(c.started, 1);
  assert.deepEqual(c.serverOptions.run, { command: binary, transport: 0 });
  assert.deepEqual(c.serverOptions.debug, c.serverOptions.run);
  assert.deepEqual(c.clientOptions.documentSelector, [
    { scheme: 'file', language: 'plaintext' }, { scheme: 'untitled', language: 'plaintext' },
    { scheme: 'file', language: 'markdown' }, { scheme: 'untitled', language: 'markdown' },
    { scheme: 'file', language: 'restructuredtext' }, { scheme: 'untitled', language: 'restructuredtext' },
  ]);
  assert.deepEqual(c.clientOptions.synchronize, { configurationSection: 'policyLsp' });
  assert.equal(typeof c.clientOptions.middleware.executeCommand, 'function');
  assert.deepEqual(c.clientOptions.initializationOptions, {
    diagnosticsDelayMs: 250,
    logToClient: true,
    locale: 'en',
    rules: { 'sum-mismatch': 'error', 'undefined-alias': 'off' },
    inlayHints: { figures: false, abbreviations: true },
  });
});

test('defaults: initializationOptions match the defaults declared in package.json', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld();
  await activateWith(t, world, dir);
  const props = packageJson.contributes.configuration.properties;
  const options = world.clients[0].clientOptions.initializationOptions;
  assert.equal(options.diagnosticsDelayMs, props['policyLsp.diagnosticsDelayMs'].default);
  assert.equal(options.logToClient, props['policyLsp.logToClient'].default);
  assert.equal(options.locale, props['policyLsp.locale'].default);
  assert.deepEqual(options.rules, props['policyLsp.rules'].default);
  assert.equal(options.inlayHints.figures, props['policyLsp.inlayHints.figures'].default);
  assert.equal(options.inlayHints.abbreviations, props['policyLsp.inlayHints.abbreviations'].default);
});

test('server.path expands ~ and ${workspaceFolder} and resolves relative paths against the workspace', (t) => {
  const world = createWorld();
  const { _internal: x } = loadExtension(world);
  assert.equal(x.expandPath('~/bin/policy-lsp', '/ws', '/home/u'), '/home/u/bin/policy-lsp');
  assert.equal(x.expandPath('${workspaceFolder}/.build/debug/policy-lsp', '/ws', '/home/u'), '/ws/.build/debug/policy-lsp');
  assert.equal(x.expandPath('.build/release/policy-lsp', '/ws', '/home/u'), '/ws/.build/release/policy-lsp');
  assert.equal(x.expandPath('/opt/policy-lsp', '/ws', '/home/u'), '/opt/policy-lsp');
  assert.equal(x.expandPath('   ', '/ws', '/home/u'), '');
});

test('a relative server.path found in the workspace folder is used', async (t) => {
  const { dir, binary } = scratch(t);
  const world = createWorld({ settings: { 'policyLsp.server.path': 'policy-lsp' }, workspaceFolder: dir });
  await activateWith(t, world, '');
  assert.equal(world.errors.length, 0);
  assert.equal(world.clients[0].serverOptions.run.command, binary);
});

test('activate registers exactly the commands package.json contributes', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld();
  await activateWith(t, world, dir);
  const contributed = packageJson.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...world.commands.keys()].sort(), contributed);
});

test('the restart command stops the running client and starts a new one', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld();
  const { api } = await activateWith(t, world, dir);
  const first = world.clients[0];
  await world.commands.get('policyLsp.restartServer')();
  assert.equal(first.stopped, 1);
  assert.equal(world.clients.length, 2);
  assert.equal(world.clients[1].started, 1);
  assert.equal(api.client(), world.clients[1]);
});

test('changing server.path or languages restarts the server; other settings do not', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld();
  await activateWith(t, world, dir);
  const [listener] = world.configListeners;
  listener({ affectsConfiguration: (s) => s === 'policyLsp.diagnosticsDelayMs' });
  await settle();
  assert.equal(world.clients.length, 1);
  listener({ affectsConfiguration: (s) => s === 'policyLsp.languages' });
  await settle();
  assert.equal(world.clients.length, 2);
  listener({ affectsConfiguration: (s) => s === 'policyLsp.server.path' });
  await settle();
  assert.equal(world.clients.length, 3);
});

test('a server that fails to start is reported and leaves no client behind', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld({ startError: new Error('spawn EACCES') });
  const { api } = await activateWith(t, world, dir);
  assert.equal(api.client(), undefined);
  assert.match(world.errors[0].message, /failed to start: spawn EACCES/);
});

test('show related policies asks textDocument/implementation at the cursor and opens the references view', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld({
    implementationResult: [
      { uri: 'file:///doc.txt', range: { start: { line: 3, character: 1 }, end: { line: 3, character: 9 } } },
      { targetUri: 'file:///other.txt', targetRange: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
        targetSelectionRange: { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } } },
    ],
  });
  await activateWith(t, world, dir);
  const docUri = makeUri('file:///doc.txt');
  world.activeTextEditor = { document: { uri: docUri }, selection: { active: new Position(7, 4) } };
  const shown = await world.commands.get('policyLsp.showRelatedPolicies')();
  const c = world.clients[0];
  assert.deepEqual(c.requests, [{
    method: 'textDocument/implementation',
    params: { textDocument: { uri: 'file:///doc.txt' }, position: { line: 7, character: 4 } },
  }]);
  assert.equal(shown.length, 2);
  assert.equal(shown[1].uri.toString(), 'file:///other.txt');
  assert.deepEqual(shown[1].range.start, new Position(1, 2), 'a LocationLink shows its selection range');
  const call = world.executed.find((e) => e.id === 'editor.action.showReferences');
  assert.ok(call, 'editor.action.showReferences was executed');
  assert.equal(call.args[0], docUri);
  assert.deepEqual(call.args[1], new Position(7, 4));
  assert.equal(call.args[2], shown);
});

test('show related policies with no answer says so instead of opening an empty view', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld({ implementationResult: null });
  await activateWith(t, world, dir);
  world.activeTextEditor = { document: { uri: makeUri('file:///doc.txt') }, selection: { active: new Position(0, 0) } };
  const shown = await world.commands.get('policyLsp.showRelatedPolicies')();
  assert.deepEqual(shown, []);
  assert.equal(world.executed.filter((e) => e.id === 'editor.action.showReferences').length, 0);
  assert.match(world.infos[0], /no related policies/);
});

test('show related policies called by a code lens with (uri, position, locations) sends no request', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld();
  await activateWith(t, world, dir);
  const locations = [{ uri: 'file:///a.txt', range: { start: { line: 9, character: 0 }, end: { line: 9, character: 4 } } }];
  const shown = await world.commands.get('policyLsp.showRelatedPolicies')('file:///a.txt', { line: 2, character: 3 }, locations);
  assert.equal(world.clients[0].requests.length, 0);
  assert.equal(shown.length, 1);
  const call = world.executed.find((e) => e.id === 'editor.action.showReferences');
  assert.equal(call.args[0].toString(), 'file:///a.txt');
  assert.deepEqual(call.args[1], new Position(2, 3));
  // The single-object form gives the same result.
  const again = await world.commands.get('policyLsp.showRelatedPolicies')({ uri: 'file:///a.txt', position: { line: 2, character: 3 }, locations });
  assert.equal(again.length, 1);
});

test('show related policies without a running server says how to start it', async (t) => {
  const { dir } = scratch(t, { name: 'not-the-server' });
  const world = createWorld();
  await activateWith(t, world, dir);
  const shown = await world.commands.get('policyLsp.showRelatedPolicies')();
  assert.deepEqual(shown, []);
  assert.match(world.errors.at(-1).message, /server is not running/);
});

test('deactivate stops the client', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld();
  const { ext } = await activateWith(t, world, dir);
  await ext.deactivate();
  assert.equal(world.clients[0].stopped, 1);
});

test('the server code lens command (policyLsp.showReferences) opens the references view with its answer', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld();
  await activateWith(t, world, dir);
  const { executeCommand } = world.clients[0].clientOptions.middleware;
  const answer = [{ uri: 'file:///doc.txt', range: { start: { line: 9, character: 0 }, end: { line: 9, character: 6 } } }];
  const sent = [];
  const next = (command, args) => { sent.push({ command, args }); return Promise.resolve(answer); };
  const args = ['file:///doc.txt', { line: 7, character: 18 }];
  const result = await executeCommand('policyLsp.showReferences', args, next);
  assert.equal(result, answer, 'the server\'s answer is passed through');
  assert.deepEqual(sent, [{ command: 'policyLsp.showReferences', args }], 'the command still goes to the server');
  const call = world.executed.find((e) => e.id === 'editor.action.showReferences');
  assert.ok(call, 'references view opened');
  assert.equal(call.args[0].toString(), 'file:///doc.txt');
  assert.deepEqual(call.args[1], new Position(7, 18));
  assert.equal(call.args[2].length, 1);
  assert.deepEqual(call.args[2][0].range.start, new Position(9, 0));
});

test('other server commands pass through the middleware untouched', async (t) => {
  const { dir } = scratch(t);
  const world = createWorld();
  await activateWith(t, world, dir);
  const { executeCommand } = world.clients[0].clientOptions.middleware;
  const result = await executeCommand('policyLsp.somethingElse', [1], () => Promise.resolve('done'));
  assert.equal(result, 'done');
  assert.equal(world.executed.length, 0);
});
