import { open } from 'node:fs/promises';

/** Flushes a file's written data to disk (fdatasync); a file that does not exist has nothing to flush. */
export async function datasyncFile(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Group commit for the WAL: ingest batches commit with synchronous=NORMAL (frames written, not yet
 * fsynced) and are acked only after `afterCommit()` resolves, i.e. after an fdatasync of the WAL that
 * started after their commit — the guarantee synchronous=FULL gives, without blocking the main thread
 * on the disk. One sync runs at a time; commits made while it runs share the next one.
 */
export class WalSync {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly sync: () => Promise<void>) {}

  /** Resolves once every commit made before this call is on disk. */
  afterCommit(): Promise<void> {
    if (!this.running) return this.start();
    this.next ??= this.running.then(
      () => this.startNext(),
      () => this.startNext(),
    );
    return this.next;
  }

  private startNext(): Promise<void> {
    this.next = undefined;
    return this.start();
  }

  private start(): Promise<void> {
    const sync = this.sync();
    this.running = sync;
    const clear = () => {
      if (this.running === sync) this.running = undefined;
    };
    sync.then(clear, clear);
    return sync;
  }
}
