import { NodetallyError } from './errors.js';

/**
 * Runs a command's main function and exits with its code. A NodetallyError is a user-facing
 * problem (bad setting, unreadable file) and prints as `CODE: message`; anything else is a bug
 * and prints its stack.
 */
export function runCli(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof NodetallyError) process.stderr.write(`${error.code}: ${error.message}\n`);
      else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

/** Resolves when the process is asked to stop (SIGTERM or SIGINT), after `stop` has finished. */
export function untilSignal(stop: (signal: string) => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      stop(signal).finally(resolve);
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}
