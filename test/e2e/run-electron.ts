// The same extension-host suite in desktop VS Code, for machines that can download it (@vscode/test-electron fetches
// VS Code from update.code.visualstudio.com; this project's CI cannot, and runs the suite in code-server instead:
// extension-host.e2e.ts). Usage: node scripts/build.mjs --only=client,webview,server,e2e && tsx test/e2e/run-electron.ts
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyExamples, ROOT } from '../../scripts/code-server';

async function main(): Promise<void> {
  const workspace = copyExamples('electron');
  const code = await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out/test/suite/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error('The extension-host tests could not run in desktop VS Code:', error);
  process.exit(1);
});
