// The flow preview's HTML shell. No data goes into it: the graph arrives later as a message and the webview script
// builds the DOM with textContent / createElementNS. Pure (no `vscode` import), so that a browser test can load the
// same page outside VS Code and post a FlowGraph to it.
import { randomBytes } from 'node:crypto';

export interface FlowPreviewHtmlOptions {
  /** The webview's `cspSource` (which origins may serve the extension's own files). */
  cspSource: string;
  /** A fresh random nonce for this page; only the script carrying it may run. */
  nonce: string;
  /** URL of the bundled webview script (out/webview/flow-preview.js). */
  scriptUri: string;
  /** URL of the stylesheet (media/flow-preview.css). */
  styleUri: string;
}

/** A nonce for the CSP: 32 characters from a CSPRNG. */
export function makeNonce(): string {
  return randomBytes(24).toString('base64url');
}

export function renderFlowPreviewHtml(options: FlowPreviewHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri } = options;
  // default-src 'none': nothing loads unless listed. Styles only from the extension (no inline styles), scripts
  // only with this page's nonce, images only from the extension or data: (none are used today), no network. The
  // layout worker runs ELK's code that the nonce'd script carries, from a blob: URL it makes (no eval needed).
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    'worker-src blob:',
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(styleUri)}">
<title>NetworkPolicy Flow Preview</title>
</head>
<body>
<div id="app" class="app"><p class="notice">Loading the flow preview…</p></div>
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
