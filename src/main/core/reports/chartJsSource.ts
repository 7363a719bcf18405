/** The Chart.js UMD bundle as text, ready to inline in a <script> element of an offline report. */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError } from '../../../shared/errors'

const BUNDLES = ['chart.umd.min.js', 'chart.umd.js']

let cached: string | undefined

export function chartJsSource(): string {
  if (cached === undefined) cached = inlineSafe(readFileSync(locateBundle(), 'utf8'))
  return cached
}

function locateBundle(): string {
  let dist: string
  try {
    dist = dirname(require.resolve('chart.js'))
  } catch {
    throw new UserError('chartjs_missing', 'Cannot build the HTML report: the chart.js package is not installed.')
  }
  const found = BUNDLES.map((f) => join(dist, f)).find((p) => existsSync(p))
  if (found === undefined) {
    throw new UserError('chartjs_missing', `Cannot build the HTML report: no ${BUNDLES.join(' or ')} in ${dist}.`)
  }
  return found
}

/** Drops the source-map comment (the map is not shipped) and keeps `</script` from ending the element early. */
function inlineSafe(code: string): string {
  return code.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n').replace(/<\/script/gi, '<\\/script')
}
