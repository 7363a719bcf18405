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
        // Each preload is one file needing only 'electron': they share no module (a shared chunk would
        // need a require a sandboxed preload cannot do).
        input: {
          index: resolve(__dirname, 'src/preload/index.ts'),
          // The WebGPU trainer window's (src/main/electron/webgpuTrainerWindow.ts).
          trainer: resolve(__dirname, 'src/preload/trainer.ts')
        }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // Relative asset URLs, so the built page loads from file:// in the packaged app.
    base: './',
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/renderer/index.html'),
          // The hidden WebGPU trainer page (src/trainer): the same training code, bundled for the browser.
          trainer: resolve(__dirname, 'src/renderer/trainer.html')
        }
      }
    },
    plugins: [svelte()]
  }
})
