/** `regstudio`: the headless entry. Every command reports a user error as one line and exit code 2. */
import { UserError } from '../../shared/errors'
import type { Command } from './command'
import { benchCommand } from './benchCommand'
import { exportCommand } from './exportCommand'
import { importCommand } from './importCommand'
import { reportCommand } from './reportCommand'
import { serveCommand } from './serveCommand'
import { studyCommand } from './studyCommand'
import { workerCommand } from './workerCommand'

const COMMANDS: Record<string, Command> = {
  import: importCommand,
  study: studyCommand,
  report: reportCommand,
  export: exportCommand,
  bench: benchCommand,
  serve: serveCommand,
  worker: workerCommand
}

function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  return [
    'Usage: regstudio <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `regstudio <command> --help` for the options of a command.',
    'Add --debug to any command to print the stack trace of an error.'
  ].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug')
  const args = argv.filter((a) => a !== '--debug')
  const [name, ...rest] = args
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp() + '\n')
    return name ? 0 : 2
  }
  const command = COMMANDS[name]
  if (!command) {
    process.stderr.write(`regstudio: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})\n`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n')
    return 0
  }
  try {
    return await command.run(rest)
  } catch (err) {
    if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`)
    if (err instanceof UserError) {
      process.stderr.write(`regstudio ${name}: ${err.message}\n`)
      return 2
    }
    const message = err instanceof Error ? err.message : String(err)
    process.stderr.write(`regstudio ${name}: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`)
    return 1
  }
}
