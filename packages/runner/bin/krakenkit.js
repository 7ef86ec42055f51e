#!/usr/bin/env node
// The installed executable runs the build (in a clone of the repository: `pnpm build` first, or use `pnpm krakenkit`).
import '../dist/cli.js';
