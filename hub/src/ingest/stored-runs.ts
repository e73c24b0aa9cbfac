interface Run {
  from: number;
  through: number;
}

/**
 * Per device, the newest run of consecutive seqs this process has seen stored. The ack check "is
 * everything from the agent's outbox floor up to here stored?" is answered from it without a database
 * read when the run covers the whole range — the common case, one read per device per batch saved.
 * It is a lower bound only (seqs stored by another hub worker are not in it): when it does not cover
 * the range, the caller asks the store.
 */
export class StoredRuns {
  private readonly runs = new Map<string, Run>();

  /** Records the seqs of one device that a committed batch stored (or found already stored). */
  add(deviceId: string, seqs: number[]): void {
    seqs.sort((a, b) => a - b);
    let run = this.runs.get(deviceId);
    for (const seq of seqs) {
      if (!run || seq > run.through + 1) run = { from: seq, through: seq };
      else if (seq === run.through + 1) run.through = seq;
      else if (seq === run.from - 1) run.from = seq;
    }
    if (run) this.runs.set(deviceId, run);
  }

  /** True when every seq in [fromSeq, toSeq] is known stored. */
  covers(deviceId: string, fromSeq: number, toSeq: number): boolean {
    const run = this.runs.get(deviceId);
    return run !== undefined && run.from <= fromSeq && run.through >= toSeq;
  }
}
