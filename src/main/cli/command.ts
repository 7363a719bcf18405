/** One `regstudio` command: its help and what it does; returns the exit code. */
export interface Command {
  summary: string
  usage: string
  run(argv: string[]): Promise<number>
}
