/** Student's t distribution from jstat, the one place the statistics reach the package. */
import jStat from 'jstat'

/** The two-sided 95 % critical value t(0.975, df). */
export function tCritical95(df: number): number {
  return jStat.studentt.inv(0.975, df)
}

/** Two-sided p-value of a t statistic with df degrees of freedom. */
export function twoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df))
}

export function tQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df)
}

export function noncentralTCdf(x: number, df: number, ncp: number): number {
  return jStat.noncentralt.cdf(x, df, ncp)
}
