// Starts `mentor lsp` for .mentor files and session logs. Plain JavaScript: no build step.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('mentor');
  const command = config.get('server.path', 'mentor');
  const documentSelector = [{ scheme: 'file', language: 'mentor' }, { scheme: 'untitled', language: 'mentor' }];
  if (config.get('logs.enable', true)) {
    // The server stays quiet on JSON and TOML files that name no program.
    documentSelector.push({ scheme: 'file', pattern: '**/*.{toml,json,jsonl,yaml,yml}' });
  }
  const run = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'mentor',
    'Mentor',
    { run, debug: run },
    { documentSelector },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand('mentor.restartServer', () => client.restart()),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
