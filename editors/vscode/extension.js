// The PolicyEngine extension: the .policy language (configuration and TextMate grammar, declared in package.json)
// and a client that starts `policyengine lsp` and talks to it over stdin and stdout.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function serverOptions() {
  const config = vscode.workspace.getConfiguration('policyengine');
  const command = config.get('server.command', 'policyengine');
  const args = [...config.get('server.args', []), 'lsp'];
  // Relative paths in diagnostics of imported files are relative to the server's folder: the workspace's.
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return { command, args, options: folder ? { cwd: folder } : {} };
}

function activate(context) {
  client = new LanguageClient(
    'policyengine',
    'PolicyEngine',
    serverOptions(),
    {
      documentSelector: [
        { scheme: 'file', language: 'policy' },
        { scheme: 'untitled', language: 'policy' },
      ],
    });
  context.subscriptions.push(
    vscode.commands.registerCommand('policyengine.restartServer', () => client?.restart()));
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
