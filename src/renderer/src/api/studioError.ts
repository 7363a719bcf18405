import type { StudioErrorValue } from '../../../shared/errors'

/** A failed request as the views see it: the host's typed error, kept whole for display. */
export class StudioRequestError extends Error {
  constructor(readonly value: StudioErrorValue) {
    super(value.message)
    this.name = 'StudioRequestError'
  }

  get code(): string {
    return this.value.code
  }
}
