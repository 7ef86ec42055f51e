#!/usr/bin/env node
// The installed executable runs the build (in a clone of the repository: `pnpm build` first, or `pnpm krakenkit mock`).
import '../dist/bin.js';
