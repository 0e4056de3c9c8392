'use strict';
// Test doubles for `vscode` and `vscode-languageclient/node`, installed by intercepting module
// resolution, so extension.js runs under plain `node --test` without VS Code or npm packages.

const Module = require('module');
const path = require('path');

const EXTENSION = path.join(__dirname, '..', 'extension.js');
const FAKE_IDS = { vscode: 'fake:vscode', 'vscode-languageclient/node': 'fake:vscode-languageclient/node' };

class Position {
  constructor(line, character) { this.line = line; this.character = character; }
}
class Range {
  constructor(start, end) { this.start = start; this.end = end; }
}
class Location {
  constructor(uri, range) { this.uri = uri; this.range = range; }
}
function makeUri(value) {
  const s = String(value);
  return { scheme: s.split(':')[0], fsPath: s.replace(/^file:\/\//, ''), toString: () => s };
}

/** A fresh fake world: settings, recorded calls and the fakes built on them. */
function createWorld({ settings = {}, workspaceFolder, errorChoice, startError, implementationResult } = {}) {
  const world = {
    settings: { ...settings },
    errors: [],
    infos: [],
    executed: [],
    commands: new Map(),
    configListeners: [],
    clients: [],
    output: [],
    outputShown: 0,
    activeTextEditor: undefined,
    startError,
    implementationResult,
  };

  const vscode = {
    Position, Range, Location,
    Uri: { parse: makeUri, file: (p) => makeUri(`file://${p}`) },
    window: {
      createOutputChannel: (name) => ({
        name,
        appendLine: (line) => world.output.push(line),
        show: () => { world.outputShown += 1; },
        dispose: () => {},
      }),
      showErrorMessage: (message, ...items) => { world.errors.push({ message, items }); return Promise.resolve(errorChoice); },
      showInformationMessage: (message) => { world.infos.push(message); return Promise.resolve(undefined); },
      get activeTextEditor() { return world.activeTextEditor; },
    },
    workspace: {
      get workspaceFolders() { return workspaceFolder ? [{ uri: { fsPath: workspaceFolder } }] : undefined; },
      getConfiguration: (section) => ({
        get: (key, fallback) => {
          const full = `${section}.${key}`;
          if (Object.prototype.hasOwnProperty.call(world.settings, full)) return world.settings[full];
          return fallback;
        },
      }),
      onDidChangeConfiguration: (listener) => { world.configListeners.push(listener); return { dispose() {} }; },
    },
    commands: {
      registerCommand: (id, fn) => {
        if (world.commands.has(id)) throw new Error(`command ${id} registered twice`);
        world.commands.set(id, fn);
        return { dispose: () => world.commands.delete(id) };
      },
      executeCommand: (id, ...args) => { world.executed.push({ id, args }); return Promise.resolve(undefined); },
    },
  };

  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      this.id = id; this.name = name; this.serverOptions = serverOptions; this.clientOptions = clientOptions;
      this.started = 0; this.stopped = 0; this.requests = [];
      this.code2ProtocolConverter = {
        asTextDocumentPositionParams: (document, position) => ({
          textDocument: { uri: document.uri.toString() },
          position: { line: position.line, character: position.character },
        }),
      };
      this.protocol2CodeConverter = {
        asPosition: (p) => new Position(p.line, p.character),
        asLocation: (l) => new Location(makeUri(l.uri), new Range(
          new Position(l.range.start.line, l.range.start.character),
          new Position(l.range.end.line, l.range.end.character))),
      };
      world.clients.push(this);
    }
    start() { this.started += 1; return world.startError ? Promise.reject(world.startError) : Promise.resolve(); }
    stop() { this.stopped += 1; return Promise.resolve(); }
    sendRequest(method, params) {
      this.requests.push({ method, params });
      return Promise.resolve(world.implementationResult);
    }
  }
  const languageclient = { LanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } };

  world.vscode = vscode;
  world.languageclient = languageclient;
  return world;
}

let installed = null;
const originalResolve = Module._resolveFilename;

/** Loads a fresh copy of extension.js wired to `world`'s fakes. */
function loadExtension(world) {
  installed = world;
  require.cache[FAKE_IDS.vscode] = { id: FAKE_IDS.vscode, filename: FAKE_IDS.vscode, loaded: true, exports: world.vscode };
  require.cache[FAKE_IDS['vscode-languageclient/node']] = {
    id: FAKE_IDS['vscode-languageclient/node'], filename: FAKE_IDS['vscode-languageclient/node'], loaded: true,
    exports: world.languageclient,
  };
  delete require.cache[EXTENSION];
  return require(EXTENSION);
}

Module._resolveFilename = function resolve(request, parent, ...rest) {
  if (installed && Object.prototype.hasOwnProperty.call(FAKE_IDS, request)) return FAKE_IDS[request];
  return originalResolve.call(this, request, parent, ...rest);
};

/** A context like the one VS Code passes to activate. */
function makeContext() {
  return { subscriptions: [] };
}

/** Waits until queued promise callbacks have run. */
function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

module.exports = { createWorld, loadExtension, makeContext, settle, Position, Location, makeUri };
