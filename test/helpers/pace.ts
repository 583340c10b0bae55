/**
 * Deadlines from a test's own measured pace, not from the clock of a quiet machine. A long test that
 * repeats a step (a SIGKILL round, a CLI run) measures its first steps and sets its deadline from
 * them, so a machine four times busier gets four times longer; `ceilingMs` only catches a hang.
 */
export class RoundBudget {
  private readonly started = Date.now()
  private deadline = Number.POSITIVE_INFINITY
  rounds = 0

  /**
   * @param target rounds wanted
   * @param options.calibrate rounds measured before the deadline is set
   * @param options.slack the deadline is `slack` times the measured pace of `target` rounds
   * @param options.ceilingMs never past this since the start (keep it under the test's timeout)
   */
  constructor(
    readonly target: number,
    private readonly options: { calibrate: number; slack: number; ceilingMs: number },
  ) {}

  /** Whether to run another round: fewer than `target` done and the deadline not passed. */
  another(): boolean {
    const now = Date.now()
    if (this.rounds === this.options.calibrate) {
      const pace = (now - this.started) / this.rounds
      this.deadline = this.started + pace * this.target * this.options.slack
    }
    return this.rounds < this.target && now < Math.min(this.deadline, this.started + this.options.ceilingMs)
  }

  /** Milliseconds since the start. */
  get elapsedMs(): number {
    return Date.now() - this.started
  }
}
