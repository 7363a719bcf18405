import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

export default defineConfig({
  main: {
    build: {
      // Dependencies stay in node_modules (TensorFlow.js has native and wasm files); the optional
      // native backends are not in "dependencies", so they are named here.
      externalizeDeps: { include: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The trainer process, started with utilityProcess.fork(out/main/trainer.js).
          trainer: resolve(__dirname, 'src/main/core/training/worker.ts'),
          // The robustness probe process, forked with Electron's binary as Node (desktopApp.ts).
          robustness: resolve(__dirname, 'src/main/core/robustness/robustnessWorker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle everything else into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // Relative asset URLs, so the built page loads from file:// in the packaged app.
    base: './',
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') }
      }
    },
    plugins: [svelte()]
  }
})
