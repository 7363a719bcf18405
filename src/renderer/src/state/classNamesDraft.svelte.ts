/** The Data view's class-name editor: a draft of one name per line, checked as typed, saved on request. */
import { classNamesProblem } from '../../../shared/classNames'

export class ClassNamesDraft {
  /** One name per line while editing; null when not editing. */
  text = $state<string | null>(null)
  busy = $state(false)
  /** What the host said when saving failed. */
  error = $state<string | null>(null)
  readonly lines = $derived(this.text === null ? [] : this.text.replace(/\n+$/, '').split('\n').map((l) => l.trim()))
  readonly problem: string | null

  constructor(
    /** K of the dataset being named. */
    classes: () => number,
    private readonly save: (names: string[]) => Promise<void>
  ) {
    this.problem = $derived(this.text === null ? null : classNamesProblem(this.lines, classes()))
  }

  begin(current: readonly string[]): void {
    this.text = current.join('\n')
    this.error = null
  }

  cancel(): void {
    this.text = null
    this.error = null
  }

  async submit(): Promise<void> {
    if (this.text === null || this.problem !== null || this.busy) return
    this.busy = true
    this.error = null
    try {
      await this.save(this.lines)
      this.text = null
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err)
    } finally {
      this.busy = false
    }
  }
}
