'use strict';
// Starts the real policy-lsp exactly as the extension does (command + `--stdio`, the settings as
// initializationOptions) and talks LSP to it. Skips when the binary has not been built.
// Binary: $POLICY_LSP, else <package root>/.build/debug/policy-lsp.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { createWorld, loadExtension } = require('./doubles');

const repo = path.resolve(__dirname, '..', '..', '..');
const binary = process.env.POLICY_LSP || path.join(repo, '.build', 'debug', 'policy-lsp');
const sample = path.join(repo, 'samples', 'sample-policy-news.txt');

/** Minimal LSP framing over a child process. */
function connect(child) {
  let buffer = Buffer.alloc(0);
  const waiters = [];
  const messages = [];
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) throw new Error(`bad header: ${header}`);
      const length = Number(m[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const body = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      buffer = buffer.subarray(headerEnd + 4 + length);
      messages.push(body);
      for (const w of [...waiters]) {
        if (w.match(body)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(body); }
      }
    }
  });
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const waitFor = (match, what, ms = 10000) => {
    const seen = messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      waiters.push({ match, resolve: (v) => { clearTimeout(timer); resolve(v); } });
    });
  };
  return { send, waitFor, messages };
}

test('the real server accepts the extension\'s launch command and initializationOptions', { skip: !fs.existsSync(binary) && `${binary} is not built` }, async (t) => {
  // Build the launch exactly as extension.js does, with a fake VS Code whose PATH finds the real binary.
  const world = createWorld({ settings: { 'policyLsp.server.path': binary, 'policyLsp.rules': { 'impossible-date': 'error' } } });
  const ext = loadExtension(world);
  await ext.activate({ subscriptions: [] });
  const c = world.clients[0];
  assert.ok(c, JSON.stringify(world.errors));
  const run = c.serverOptions.run;
  assert.equal(run.transport, world.languageclient.TransportKind.stdio);
  // vscode-languageclient appends --stdio for the stdio transport.
  const child = spawn(run.command, [...(run.args || []), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  t.after(() => { if (child.exitCode === null) child.kill(); });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const lsp = connect(child);

  lsp.send({ id: 1, method: 'initialize', params: {
    processId: process.pid, rootUri: null,
    capabilities: { workspace: { configuration: false } },
    initializationOptions: c.clientOptions.initializationOptions,
  } });
  const init = await lsp.waitFor((m) => m.id === 1, 'initialize');
  assert.equal(init.error, undefined, JSON.stringify(init.error));
  assert.equal(init.result.serverInfo.name, 'policy-lsp');
  assert.ok(init.result.capabilities.hoverProvider);
  lsp.send({ method: 'initialized', params: {} });

  const text = fs.readFileSync(sample, 'utf8');
  const uri = 'file:///sample-policy-news.txt';
  lsp.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'plaintext', version: 1, text } } });
  const diagnostics = await lsp.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 'diagnostics');
  assert.ok(Array.isArray(diagnostics.params.diagnostics));

  lsp.send({ id: 2, method: 'shutdown' });
  const down = await lsp.waitFor((m) => m.id === 2, 'shutdown');
  assert.equal(down.error, undefined);
  lsp.send({ method: 'exit' });
  assert.equal(await exited, 0);
});
