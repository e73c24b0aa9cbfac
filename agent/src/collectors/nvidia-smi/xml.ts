import type { Gpu } from '@nodetally/shared';
import { celsius, enabled, firstOf, mhz, mibToBytes, pct, pstate, text, watts } from './values.js';
import { child, readXml, textAt, type XmlElement } from './xml-reader.js';

/** Where each driver generation put the board's power draw, oldest first (drivers as in testdata/). */
const POWER_DRAW_PATHS = [
  'power_readings/power_draw', // 418–525
  'gpu_power_readings/power_draw', // 535–536
  'gpu_power_readings/average_power_draw', // 595 (DTD v13); what --query-gpu power.draw reports there
  'gpu_power_readings/instant_power_draw',
];
const POWER_LIMIT_PATHS = [
  'power_readings/power_limit',
  'power_readings/enforced_power_limit',
  'gpu_power_readings/current_power_limit',
  'gpu_power_readings/enforced_power_limit',
];

function toGpu(gpu: XmlElement, index: number): Gpu {
  const at = (path: string) => textAt(gpu, path);
  return {
    vendor: 'nvidia',
    // `-q` lists GPUs in nvidia-smi index order; minor_number is N/A on Windows.
    index,
    uuid: text(at('uuid'), 128),
    name: text(at('product_name')),
    util_gpu_pct: pct(at('utilization/gpu_util')),
    util_mem_pct: pct(at('utilization/memory_util')),
    mem_used_bytes: mibToBytes(at('fb_memory_usage/used')),
    mem_total_bytes: mibToBytes(at('fb_memory_usage/total')),
    temp_c: celsius(at('temperature/gpu_temp')),
    power_draw_w: firstOf(...POWER_DRAW_PATHS.map((path) => watts(at(path)))),
    power_limit_w: firstOf(...POWER_LIMIT_PATHS.map((path) => watts(at(path)))),
    fan_pct: pct(at('fan_speed')),
    pstate: pstate(at('performance_state')),
    clock_sm_mhz: mhz(at('clocks/sm_clock')),
    clock_mem_mhz: mhz(at('clocks/mem_clock')),
    mig_mode: enabled(at('mig_mode/current_mig')),
  };
}

/** Parses `nvidia-smi -q -x`; throws when the text has no `<nvidia_smi_log>` element. */
export function parseNvidiaSmiXml(xml: string): Gpu[] {
  const log = child(readXml(xml), 'nvidia_smi_log');
  if (!log) throw new Error('not nvidia-smi -q -x output: no <nvidia_smi_log> element');
  return log.children.filter((element) => element.name === 'gpu').map(toGpu);
}
