/** The observations now live in src/shared so the renderer shows the same sentences; re-exported for main. */
export * from '../../../shared/observations'
