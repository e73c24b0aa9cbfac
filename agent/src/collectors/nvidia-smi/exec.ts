import { type ChildProcess, spawn } from 'node:child_process';

const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/** Why a tool run failed: it could not be started, it ran past its time, or it exited non-zero. */
export class ToolError extends Error {
  constructor(
    readonly kind: 'spawn' | 'timeout' | 'exit' | 'busy',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ToolError';
  }
}

const firstLine = (text: string) => text.trim().split(/\r?\n/, 1)[0]?.slice(0, 200) ?? '';

/**
 * Runs a vendor tool (nvidia-smi, rocm-smi) without a shell and with a time limit. A tool that hangs
 * is killed and the run fails at once; while a killed tool has still not exited (a GPU driver can
 * hold it in an uninterruptible wait), no second copy is started, so hung processes never pile up.
 */
export class ToolRunner {
  private running: ChildProcess | null = null;

  constructor(
    readonly path: string,
    private readonly timeoutMs: number,
  ) {}

  run(args: readonly string[]): Promise<string> {
    if (this.running && this.running.exitCode === null && this.running.signalCode === null) {
      return Promise.reject(new ToolError('busy', `${this.path} from the previous run has not exited yet`));
    }
    return new Promise((resolve, reject) => {
      const child = spawn(this.path, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      this.running = child;
      let stdout = '';
      let stderr = '';
      let settled = false;
      let timedOut = false;
      let grace: NodeJS.Timeout | undefined;
      const finish = (error: ToolError | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(grace);
        if (error) reject(error);
        else resolve(stdout);
      };
      const timeout = () =>
        new ToolError('timeout', `${this.path} did not finish within ${this.timeoutMs} ms`);
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
        // Wait briefly for the kill to land; a process stuck in the driver may never exit.
        grace = setTimeout(() => finish(timeout()), 1000);
      }, this.timeoutMs);
      child.on('exit', () => {
        if (timedOut) finish(timeout());
      });
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.length > MAX_OUTPUT_BYTES) {
          child.kill('SIGKILL');
          finish(new ToolError('exit', `${this.path} printed more than ${MAX_OUTPUT_BYTES} bytes`));
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < 64 * 1024) stderr += chunk;
      });
      child.on('error', (error) => {
        // Without a pid the tool never started (missing, not executable); otherwise a later error.
        const kind = child.pid === undefined ? 'spawn' : 'exit';
        finish(new ToolError(kind, `cannot run ${this.path}: ${error.message}`, { cause: error }));
      });
      child.on('close', (code, signal) => {
        if (timedOut) return finish(timeout());
        if (code === 0) return finish(null);
        const said = firstLine(stderr) || firstLine(stdout);
        const status = code === null ? `was killed by ${signal}` : `exited with ${code}`;
        finish(new ToolError('exit', `${this.path} ${status}${said ? `: ${said}` : ''}`));
      });
    });
  }
}
