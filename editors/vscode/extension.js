// Starts `clausebook lsp` for Markdown clause files, Lua rules and YAML approvals of a project.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("clausebook").get("path", "clausebook");
  client = new LanguageClient(
    "clausebook",
    "clausebook",
    { command, args: ["lsp"] },
    {
      documentSelector: [
        { scheme: "file", language: "markdown" },
        { scheme: "file", language: "lua" },
        { scheme: "file", language: "yaml" },
      ],
    },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
