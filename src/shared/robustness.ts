/** Robustness probes: a finished run's test accuracy under perturbed images (summary.json `robustness`). */

export const PERTURBATION_NAMES = ['noise', 'shift', 'occlusion', 'contrast'] as const
export type PerturbationName = (typeof PERTURBATION_NAMES)[number]

/**
 * What each strength means, on the 0..1 pixel scale: noise, the σ of Gaussian noise added to every
 * pixel; shift, pixels moved up, down, left or right; occlusion, the side in pixels of a black square;
 * contrast, the share of contrast lost around the image's mean (0.25: pixels move a quarter of the way
 * to the mean). Strength 0 is the clean test set, so each curve starts at the clean accuracy.
 */
export interface RobustnessRow {
  variant: string
  runId: string
  perturbation: PerturbationName
  strength: number
  accuracy: number
}
