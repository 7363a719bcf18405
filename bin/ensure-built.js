#!/usr/bin/env node
// Builds the app (electron-vite build) when out/ is missing or older than the sources, so that
// `npm start` is one command on a fresh clone and never runs a stale build.
const { existsSync, readdirSync, statSync } = require('node:fs')
const { spawnSync } = require('node:child_process')
const { join } = require('node:path')

const root = join(__dirname, '..')
const SOURCES = ['src', 'resources', 'electron.vite.config.ts', 'package.json']
const OUTPUTS = ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html']

function newestMtime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs)
}

function needsBuild() {
  const outputs = OUTPUTS.map((p) => join(root, p))
  if (!outputs.every((p) => existsSync(p))) return 'no build yet'
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs))
  const changed = SOURCES.map((p) => join(root, p)).filter((p) => existsSync(p) && newestMtime(p) > built)
  return changed.length > 0 ? `sources changed since the last build (${changed.map((p) => p.slice(root.length + 1)).join(', ')})` : null
}

const reason = needsBuild()
if (reason) {
  process.stderr.write(`building the app first: ${reason}\n`)
  // npm is npm.cmd on Windows, which only a shell starts.
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  process.exit(result.status ?? 1)
}
