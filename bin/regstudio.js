#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so a fresh clone works without a build step.
require('tsx/cjs')
require('../src/main/cli/main.ts').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 1 }
)
