'use strict';
// Policy LSP for VS Code: runs the `policy-lsp` binary on stdio for plain-text and Markdown documents
// (and the languages listed in `policyLsp.languages`). Plain CommonJS: no compile step.

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const lc = require('vscode-languageclient/node');

const SECTION = 'policyLsp';
const BASE_LANGUAGES = ['plaintext', 'markdown'];
const RESTART_SETTINGS = [`${SECTION}.server.path`, `${SECTION}.languages`];
const RULE_SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'];
const SERVER_REFERENCES_COMMAND = 'policyLsp.showReferences'; // the server's code-lens command

/** @type {import('vscode-languageclient/node').LanguageClient | undefined} */
let client;
/** @type {import('vscode').OutputChannel | undefined} */
let output;

// ---------------------------------------------------------------------------------------------------
// Pure helpers (exported for the unit tests).

/** Expands `~` and `${workspaceFolder}`; a relative path is taken from the workspace folder. */
function expandPath(raw, workspaceFolder, home) {
  let p = String(raw).trim();
  if (p === '') return '';
  if (workspaceFolder) p = p.split('${workspaceFolder}').join(workspaceFolder);
  if (p === '~') p = home;
  else if (p.startsWith('~/') || p.startsWith('~\\')) p = path.join(home, p.slice(2));
  if (!path.isAbsolute(p) && workspaceFolder) p = path.join(workspaceFolder, p);
  return p;
}

function isExecutableFile(file, platform) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `policy-lsp` (or `policy-lsp.exe` on Windows) on PATH, or undefined. */
function findOnPath(envPath, platform) {
  const names = platform === 'win32' ? ['policy-lsp.exe', 'policy-lsp.cmd', 'policy-lsp'] : ['policy-lsp'];
  const sep = platform === 'win32' ? ';' : ':';
  for (const dir of String(envPath || '').split(sep)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

/**
 * Where the server binary is: `policyLsp.server.path` when set, else `policy-lsp` on PATH.
 * Returns `{ path }` or `{ error }` with a message that tells the user what to do.
 */
function resolveServer({ configured, workspaceFolder, envPath, platform, home }) {
  if (configured && String(configured).trim() !== '') {
    const p = expandPath(configured, workspaceFolder, home);
    if (isExecutableFile(p, platform)) return { path: p };
    const why = fs.existsSync(p) ? 'is not an executable file' : 'does not exist';
    return {
      error: `Policy LSP: the server binary set in "${SECTION}.server.path" (${p}) ${why}. ` +
        'Build it with "swift build -c release" and point the setting at .build/release/policy-lsp.',
    };
  }
  const found = findOnPath(envPath, platform);
  if (found) return { path: found };
  return {
    error: 'Policy LSP: the "policy-lsp" binary was not found on PATH. Install it (swift build -c release, ' +
      `then copy .build/release/policy-lsp to a directory on PATH) or set "${SECTION}.server.path".`,
  };
}

/** Plain text and Markdown, plus any configured language, for files and unsaved documents. */
function documentSelector(extraLanguages) {
  const languages = [...BASE_LANGUAGES];
  for (const l of Array.isArray(extraLanguages) ? extraLanguages : []) {
    if (typeof l === 'string' && l.trim() !== '' && !languages.includes(l.trim())) languages.push(l.trim());
  }
  const selector = [];
  for (const language of languages) {
    selector.push({ scheme: 'file', language });
    selector.push({ scheme: 'untitled', language });
  }
  return selector;
}

/** The server's settings as `initializationOptions` (the same shape as the `policyLsp` section). */
function serverSettings(config) {
  const get = (key, fallback) => {
    const v = config.get(key);
    return v === undefined || v === null ? fallback : v;
  };
  const rules = {};
  const configuredRules = get('rules', {});
  if (configuredRules && typeof configuredRules === 'object') {
    for (const [code, severity] of Object.entries(configuredRules)) {
      if (typeof severity === 'string' && RULE_SEVERITIES.includes(severity)) rules[code] = severity;
    }
  }
  return {
    diagnosticsDelayMs: Number.isInteger(get('diagnosticsDelayMs', 40)) ? get('diagnosticsDelayMs', 40) : 40,
    logToClient: get('logToClient', false) === true,
    locale: get('locale', 'zh') === 'en' ? 'en' : 'zh',
    rules,
    inlayHints: {
      figures: get('inlayHints.figures', true) !== false,
      abbreviations: get('inlayHints.abbreviations', true) !== false,
    },
  };
}

/** Normalizes an implementation answer (Location | Location[] | LocationLink[] | null) to LSP Locations. */
function lspLocations(result) {
  if (!result) return [];
  const list = Array.isArray(result) ? result : [result];
  const locations = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    if (typeof item.uri === 'string' && item.range) locations.push({ uri: item.uri, range: item.range });
    else if (typeof item.targetUri === 'string' && (item.targetSelectionRange || item.targetRange)) {
      locations.push({ uri: item.targetUri, range: item.targetSelectionRange || item.targetRange });
    }
  }
  return locations;
}

// ---------------------------------------------------------------------------------------------------
// Client lifecycle.

function workspaceFolderPath() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

async function startClient() {
  const config = vscode.workspace.getConfiguration(SECTION);
  const resolved = resolveServer({
    configured: config.get('server.path'),
    workspaceFolder: workspaceFolderPath(),
    envPath: process.env.PATH,
    platform: process.platform,
    home: os.homedir(),
  });
  if (resolved.error) {
    output.appendLine(resolved.error);
    const choice = await vscode.window.showErrorMessage(resolved.error, 'Open Settings', 'Show Output');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
    } else if (choice === 'Show Output') {
      output.show(true);
    }
    return undefined;
  }

  const executable = { command: resolved.path, transport: lc.TransportKind.stdio };
  const serverOptions = { run: executable, debug: executable };
  const clientOptions = {
    documentSelector: documentSelector(config.get('languages')),
    outputChannel: output,
    initializationOptions: serverSettings(config),
    // The server asks for the `policyLsp` section (workspace/configuration) after each change notification.
    synchronize: { configurationSection: SECTION },
    middleware: { executeCommand: executeCommandMiddleware },
  };
  const started = new lc.LanguageClient(SECTION, 'Policy LSP', serverOptions, clientOptions);
  client = started;
  try {
    await started.start();
  } catch (e) {
    const message = `Policy LSP: ${resolved.path} failed to start: ${e && e.message ? e.message : e}`;
    output.appendLine(message);
    vscode.window.showErrorMessage(message);
    if (client === started) client = undefined;
    return undefined;
  }
  return started;
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (!running) return;
  try {
    await running.stop();
  } catch (e) {
    output.appendLine(`Policy LSP: stopping the server failed: ${e && e.message ? e.message : e}`);
  }
}

async function restartServer() {
  await stopClient();
  return startClient();
}

/**
 * Shows the policies related to the one under the cursor (`textDocument/implementation`) in the
 * references peek view. A code lens may call it with `(uri, position, locations)` (LSP JSON values) or
 * one object `{ uri, position, locations }`, in which case no request is sent.
 */
async function showRelatedPolicies(uriArg, positionArg, locationsArg) {
  if (uriArg && typeof uriArg === 'object' && !Array.isArray(uriArg) && 'locations' in uriArg && positionArg === undefined) {
    ({ uri: uriArg, position: positionArg, locations: locationsArg } = uriArg);
  }
  if (!client) {
    vscode.window.showErrorMessage('Policy LSP: the server is not running (run "Policy LSP: Restart Server").');
    return [];
  }
  const p2c = client.protocol2CodeConverter;
  let uri;
  let position;
  let locations;
  if (uriArg !== undefined && positionArg !== undefined && Array.isArray(locationsArg)) {
    uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg;
    position = positionArg instanceof vscode.Position ? positionArg : p2c.asPosition(positionArg);
    locations = lspLocations(locationsArg);
  } else {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      vscode.window.showInformationMessage('Policy LSP: open a document and put the cursor on a policy title 《…》.');
      return [];
    }
    uri = editor.document.uri;
    position = editor.selection.active;
    const params = client.code2ProtocolConverter.asTextDocumentPositionParams(editor.document, position);
    let result;
    try {
      result = await client.sendRequest('textDocument/implementation', params);
    } catch (e) {
      vscode.window.showErrorMessage(`Policy LSP: related policies failed: ${e && e.message ? e.message : e}`);
      return [];
    }
    locations = lspLocations(result);
  }
  if (locations.length === 0) {
    vscode.window.showInformationMessage('Policy LSP: no related policies here. Put the cursor on a policy title 《…》.');
    return [];
  }
  const converted = locations.map((l) => p2c.asLocation(l));
  await vscode.commands.executeCommand('editor.action.showReferences', uri, position, converted);
  return converted;
}

/**
 * The server's code lens runs `policyLsp.showReferences` with `[uri, position]`; vscode-languageclient
 * registers that command and forwards it as workspace/executeCommand, whose answer (the locations the
 * lens counts) it would drop. This middleware shows the answer in the references peek view.
 */
async function executeCommandMiddleware(command, args, next) {
  const result = await next(command, args);
  if (command !== SERVER_REFERENCES_COMMAND || !client) return result;
  const [uriArg, positionArg] = Array.isArray(args) ? args : [];
  const locations = lspLocations(result);
  if (typeof uriArg !== 'string' || !positionArg || typeof positionArg.line !== 'number') return result;
  if (locations.length === 0) {
    vscode.window.showInformationMessage('Policy LSP: no other mentions.');
    return result;
  }
  const p2c = client.protocol2CodeConverter;
  await vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uriArg),
    p2c.asPosition(positionArg), locations.map((l) => p2c.asLocation(l)));
  return result;
}

async function activate(context) {
  output = vscode.window.createOutputChannel('Policy LSP');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(`${SECTION}.restartServer`, restartServer),
    vscode.commands.registerCommand(`${SECTION}.showRelatedPolicies`, showRelatedPolicies),
    vscode.commands.registerCommand(`${SECTION}.showOutput`, () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The binary and the document selector are fixed when a client starts: restart for those.
      if (RESTART_SETTINGS.some((s) => event.affectsConfiguration(s))) restartServer();
    }),
    { dispose: () => { stopClient(); } },
  );
  await startClient();
  return { client: () => client };
}

function deactivate() {
  return stopClient();
}

module.exports = {
  activate,
  deactivate,
  // For the unit tests:
  _internal: { expandPath, findOnPath, resolveServer, documentSelector, serverSettings, lspLocations, restartServer, showRelatedPolicies, executeCommandMiddleware },
};
