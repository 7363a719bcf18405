/** Statistics for repeated runs: pure functions the host, the reports and the renderer share. */
export { describe, mean, sampleStd, meanInterval, type Description, type Interval } from './describe'
export { pairedTTest, type PairedTest } from './pairedTTest'
export { holm } from './holm'
export { pairedTPower, repeatsNeeded, REPEATS_SEARCH_LIMIT } from './repeatsNeeded'
export { signedPoints, formatP } from './points'
export { verdict, ALPHA, DETECTABLE_DIFFERENCE, type VerdictInput } from './verdict'
