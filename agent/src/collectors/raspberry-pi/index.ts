import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AgentConfig } from '../../config.js';
import type { Collector, SampleFields } from '../types.js';
import { decodeThrottled, parseGetThrottled } from './throttled.js';

export type RaspberryPiConfig = Pick<AgentConfig, 'piRootDir' | 'vcgencmdCommand'>;

/** The device-tree model string is NUL-terminated: "Raspberry Pi 4 Model B Rev 1.4\0". */
export const cleanModel = (raw: string) => raw.replace(/\0/g, '').trim();

export const isRaspberryPi = (model: string) => /^Raspberry Pi\b/.test(model);

function getThrottled(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, ['get_throttled'], { timeout: 2000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

export function createRaspberryPiCollector(config: RaspberryPiConfig, log: Logger): Collector {
  const modelPath = join(config.piRootDir, 'proc/device-tree/model');
  const tempPath = join(config.piRootDir, 'sys/class/thermal/thermal_zone0/temp');
  let model = '';
  let lastVcgencmdError: string | null = null;

  async function socTempC(): Promise<number | null> {
    try {
      const milli = Number((await readFile(tempPath, 'utf8')).trim());
      return Number.isFinite(milli) && milli > -100_000 && milli < 200_000 ? milli / 1000 : null;
    } catch {
      return null;
    }
  }

  async function throttled(): Promise<number | null> {
    try {
      const value = parseGetThrottled(await getThrottled(config.vcgencmdCommand));
      lastVcgencmdError = null;
      return value;
    } catch (error) {
      const message = (error as Error).message;
      // vcgencmd missing or without /dev/vchiq access: say so once, keep reporting temperature.
      if (lastVcgencmdError !== message) {
        log.warn({ collector: 'raspberry-pi', err: message }, 'vcgencmd get_throttled failed');
        lastVcgencmdError = message;
      }
      return null;
    }
  }

  return {
    id: 'raspberry-pi',
    async probe() {
      try {
        model = cleanModel(await readFile(modelPath, 'utf8'));
      } catch {
        return { ok: false, reason: `no device-tree model at ${modelPath}` };
      }
      return isRaspberryPi(model) ? { ok: true } : { ok: false, reason: `not a Raspberry Pi: ${model}` };
    },
    async collect(): Promise<Partial<SampleFields>> {
      const [temp, value] = await Promise.all([socTempC(), throttled()]);
      return { pi: { model: model.slice(0, 256), soc_temp_c: temp, ...decodeThrottled(value) } };
    },
  };
}
