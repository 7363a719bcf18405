/**
 * A chart as a PNG file worth sharing: drawn again off screen at twice the pixel density, with its
 * title in the picture (the page shows the title outside the canvas, so a plain canvas copy lost it).
 */
import { Chart, type ChartConfiguration, type Plugin } from 'chart.js'
import { panelBackground } from './chartSetup'

const SCALE = 2

/** `chart` is the one on screen (for its size and current data); `options` those it was given, not its resolved ones. */
export function chartPng(chart: Chart, type: ChartConfiguration['type'], options: ChartConfiguration['options'], title: string): string {
  const canvas = document.createElement('canvas')
  // Chart.js sizes a non-responsive chart from the canvas's own size, in CSS pixels.
  canvas.width = Math.round(chart.width)
  canvas.height = Math.round(chart.height)
  // Own copies of the series: Chart.js hooks into the data arrays of a chart, and the one on screen keeps its own.
  const data = {
    labels: chart.data.labels?.slice(),
    datasets: chart.data.datasets.map((dataset) => ({ ...dataset, data: dataset.data.slice() }))
  }
  const config = {
    type,
    data,
    options: {
      ...options,
      responsive: false,
      animation: false,
      devicePixelRatio: SCALE,
      plugins: { ...options?.plugins, title: { display: true, text: title, font: { size: 14, weight: 'bold' } } }
    },
    plugins: [panelBackground as Plugin]
  } as ChartConfiguration
  const copy = new Chart(canvas, config)
  try {
    return copy.toBase64Image('image/png', 1)
  } finally {
    copy.destroy()
  }
}
