import { mount } from 'svelte'
import App from './App.svelte'
import { createClient, preloadApi } from './api/client'
import { AppState } from './state/app.svelte'
import { browserStorage } from './state/savedChoices'
import './app.css'

// The bridge is looked up once, here, and handed to the state that needs it.
const bridge = preloadApi()
let app: AppState | null = null
let error: string | null = null
try {
  app = new AppState(createClient(bridge), browserStorage(), bridge)
  // A failed start is shown from app.startError; the rejection itself needs no more handling.
  app.start().catch(() => undefined)
} catch (err) {
  error = err instanceof Error ? err.message : String(err)
}

mount(App, { target: document.getElementById('app')!, props: { app, error } })
