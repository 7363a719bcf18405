/** The study summary now lives in src/shared so the renderer computes the same numbers; re-exported for main. */
export * from '../../../shared/studySummary'
