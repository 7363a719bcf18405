/**
 * The seed used when none is given: for a spec's weights, shuffles and dropout masks, for a study's
 * validation split and for the bundled dataset's train/test split. One value, so a run started from
 * the app, the CLI or a preset without a seed is the same run.
 */
export const DEFAULT_SEED = 42

/** The most runs per variant a study takes (`--repeats`, the Train view, `runs.startStudy`). */
export const MAX_REPEATS = 100
