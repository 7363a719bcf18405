/**
 * Chart.js for the views: registers only the pieces the charts use (smaller bundle, no eval, so it
 * runs under the page's CSP) and follows the light/dark colour scheme through the CSS variables.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LogarithmicScale,
  LineElement,
  PointElement,
  Title,
  Tooltip,
  type Plugin
} from 'chart.js'

interface Theme {
  text: string
  grid: string
  panel: string
}

let registered = false
let theme: Theme = { text: '#64748b', grid: '#e2e8f0', panel: '#ffffff' }

function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement)
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback
  return { text: read('--muted', theme.text), grid: read('--border', theme.grid), panel: read('--panel', theme.panel) }
}

function applyTheme(): void {
  theme = readTheme()
  Chart.defaults.color = theme.text
  Chart.defaults.borderColor = theme.grid
}

/** Registers the Chart.js components once and keeps chart colours in step with the colour scheme. */
export function setupCharts(): void {
  if (registered) return
  registered = true
    // Filler and the log scale draw the sweeps' validation curves: ±1 std bands over strengths on a log axis.
  Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, LogarithmicScale, CategoryScale, Filler, Legend, Title, Tooltip)
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily || Chart.defaults.font.family
  applyTheme()
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    applyTheme()
    for (const chart of Object.values(Chart.instances)) chart.update('none')
  })
}

/** Paints the panel colour under the chart, so an exported PNG is readable in any image viewer. */
export const panelBackground: Plugin = {
  id: 'studioPanelBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart
    ctx.save()
    ctx.globalCompositeOperation = 'destination-over'
    ctx.fillStyle = theme.panel
    ctx.fillRect(0, 0, width, height)
    ctx.restore()
  }
}
