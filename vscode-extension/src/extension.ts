// The apigw-lint extension: runs `apigw-lint server` for YAML and JSON files. Whether a file is a
// template (CloudFormation, SAM, OpenAPI) is decided by the server from its content; it publishes
// nothing for other files, so the extension stays quiet next to other YAML tools.

import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

import { resolveServer } from './resolve';
import { SECTION, changeEffect, serverSettings } from './settings';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('apigw-lint', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('apigwLint.restartServer', () => restart(context)),
    vscode.commands.registerCommand('apigwLint.showOutput', () => output.show()),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      switch (changeEffect((section) => event.affectsConfiguration(section))) {
        case 'restart':
          await restart(context);
          break;
        case 'update':
          await client?.sendNotification(DidChangeConfigurationNotification.type, { settings: currentSettings() });
          break;
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

function currentSettings() {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  return serverSettings((key) => configuration.get(key));
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const resolution = resolveServer({
    setting: vscode.workspace.getConfiguration(SECTION).get<string>('path') ?? '',
    environment: process.env,
    extensionPath: context.extensionPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    platform: process.platform,
    arch: process.arch,
  });
  if (!resolution.found) {
    output.error(resolution.message);
    // Not awaited: activation must not wait for the user to dismiss the message.
    void vscode.window.showErrorMessage(resolution.message, 'Open Settings', 'Show Output').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
      } else if (choice === 'Show Output') {
        output.show();
      }
    });
    return;
  }
  output.info(`starting ${resolution.path} server (found by ${resolution.source})`);
  const serverOptions: ServerOptions = { command: resolution.path, args: ['server'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'json' },
      // CloudFormation's own extension; VS Code knows no language for it.
      { scheme: 'file', pattern: '**/*.template' },
    ],
    initializationOptions: currentSettings(),
    outputChannel: output,
  };
  client = new LanguageClient(SECTION, 'apigw-lint', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = `apigw-lint: the server ${resolution.path} did not start: ${error instanceof Error ? error.message : String(error)}`;
    output.error(message);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => choice && output.show());
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.needsStop()) {
    await running.stop();
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  output.info('restarting the server');
  await stop();
  await start(context);
}
