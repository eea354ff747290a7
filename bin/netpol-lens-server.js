#!/usr/bin/env node
// The language server for editors other than VS Code: `netpol-lens-server --stdio` (built by `npm run build`).
require('../out/server.js');
