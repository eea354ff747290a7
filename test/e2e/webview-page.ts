// Serves the flow preview's page on 127.0.0.1 as VS Code would show it (the same HTML, CSP, script and stylesheet),
// without VS Code: a browser test loads it and posts FlowGraph messages to it with window.postMessage.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makeNonce, renderFlowPreviewHtml } from '../../client/src/flow-preview-html';

export const ROOT = path.resolve(__dirname, '../..');

export interface FlowPreviewPage {
  url: string;
  close(): Promise<void>;
}

export async function serveFlowPreview(): Promise<FlowPreviewPage> {
  const files: Record<string, { file: string; type: string }> = {
    '/out/webview/flow-preview.js': { file: path.join(ROOT, 'out/webview/flow-preview.js'), type: 'text/javascript' },
    '/media/flow-preview.css': { file: path.join(ROOT, 'media/flow-preview.css'), type: 'text/css' },
    // VS Code's dark theme variables, for the pictures (a page asks for it with useDarkTheme).
    '/test/vscode-dark.css': { file: path.join(ROOT, 'test/e2e/fixtures/vscode-dark.css'), type: 'text/css' },
  };
  let origin = '';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/') {
      const html = renderFlowPreviewHtml({
        cspSource: origin,
        nonce: makeNonce(),
        scriptUri: `${origin}/out/webview/flow-preview.js`,
        styleUri: `${origin}/media/flow-preview.css`,
      });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const served = files[url.pathname];
    if (!served || !fs.existsSync(served.file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': served.type });
    fs.createReadStream(served.file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Gives a loaded flow preview page VS Code's dark theme colours (a stylesheet from the page's own origin, as the CSP wants). */
export async function useDarkTheme(page: Page): Promise<void> {
  await page.addStyleTag({ url: new URL('/test/vscode-dark.css', page.url()).toString() });
}
