#!/usr/bin/env node
// The package's `bin`: runs the bundled CLI (built by `npm run build`).
require('../out/cli.js').run();
