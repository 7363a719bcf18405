/** The part of jstat (which ships no types) the statistics use: Student's t, central and noncentral. */
declare module 'jstat' {
  interface JStat {
    studentt: {
      cdf(x: number, dof: number): number
      inv(p: number, dof: number): number
    }
    noncentralt: {
      cdf(x: number, dof: number, ncp: number): number
    }
  }
  const jStat: JStat
  export default jStat
}
