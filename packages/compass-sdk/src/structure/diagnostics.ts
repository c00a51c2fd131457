/** Diagnostics a parser returns beside its value: what it skipped, repaired or guessed, with the line. */

/** How serious a diagnostic is: `error` means data was skipped, `warning` that it was repaired or guessed. */
export type Severity = 'error' | 'warning' | 'info';

/** One finding of a parser or a structure step. */
export interface Diagnostic {
  readonly severity: Severity;
  /** Literal code such as `'SDF_RECORD_SKIPPED'` or `'PDB_ELEMENT_INFERRED'`. */
  readonly code: string;
  readonly message: string;
  /** 1-based line in the source, when the finding belongs to a line. */
  readonly line?: number;
  /** 0-based record index in multi-record files. */
  readonly record?: number;
}

/** Collects diagnostics, folding repeats of one code past a limit into a count so huge files stay readable. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  private readonly perCode = new Map<string, number>();

  constructor(private readonly limitPerCode = 20) {}

  /** Record a finding; beyond the per-code limit only the count grows. */
  add(d: Diagnostic): void {
    const n = (this.perCode.get(d.code) ?? 0) + 1;
    this.perCode.set(d.code, n);
    if (n <= this.limitPerCode) this.items.push(d);
  }

  /** The findings, with one summary entry per code that passed the limit. */
  finish(): Diagnostic[] {
    const out = [...this.items];
    for (const [code, n] of this.perCode) {
      if (n > this.limitPerCode)
        out.push({ severity: 'info', code, message: `${n - this.limitPerCode} more ${code} not listed` });
    }
    return out;
  }
}
