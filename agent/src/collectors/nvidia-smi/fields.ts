/**
 * The `--query-gpu` fields the collector asks for. Each property lists the names nvidia-smi has
 * used for it, preferred first; `--help-query-gpu` on the installed driver says which exist, so a
 * driver that predates a field (MIG arrived with driver 450) is never asked for it.
 */
export const PROPERTIES = {
  index: ['index'],
  uuid: ['uuid', 'gpu_uuid'],
  name: ['name', 'gpu_name'],
  utilGpu: ['utilization.gpu'],
  utilMem: ['utilization.memory'],
  memUsed: ['memory.used'],
  memTotal: ['memory.total'],
  temp: ['temperature.gpu'],
  // On Ampere and newer `power.draw` is the 1 s average; drivers 530+ also offer both explicitly.
  powerDraw: ['power.draw', 'power.draw.average', 'power.draw.instant'],
  powerLimit: ['power.limit', 'enforced.power.limit'],
  fan: ['fan.speed'],
  pstate: ['pstate'],
  clockSm: ['clocks.current.sm', 'clocks.sm'],
  clockMem: ['clocks.current.memory', 'clocks.mem'],
  mig: ['mig.mode.current'],
} as const satisfies Record<string, readonly string[]>;

export type Property = keyof typeof PROPERTIES;

/** Used when `--help-query-gpu` cannot be read: fields every driver since 418 accepts. */
export const FALLBACK_FIELDS = [
  'index',
  'uuid',
  'name',
  'utilization.gpu',
  'utilization.memory',
  'memory.used',
  'memory.total',
  'temperature.gpu',
  'power.draw',
  'power.limit',
  'fan.speed',
  'pstate',
  'clocks.sm',
  'clocks.mem',
];

/** Every field name `nvidia-smi --help-query-gpu` lists, aliases included (`"name" or "gpu_name"`). */
export function parseHelpQueryGpu(help: string): Set<string> {
  const names = new Set<string>();
  for (const line of help.split(/\r?\n/)) {
    if (!/^"[\w.]+"(?: or "[\w.]+")*\s*$/.test(line)) continue;
    for (const match of line.matchAll(/"([\w.]+)"/g)) if (match[1]) names.add(match[1]);
  }
  return names;
}

/** One field per property, the first name the driver supports; the fallback list when none is known. */
export function chooseFields(supported: ReadonlySet<string>): string[] {
  const chosen: string[] = [];
  for (const names of Object.values(PROPERTIES)) {
    const name = names.find((candidate) => supported.has(candidate));
    if (name) chosen.push(name);
  }
  return chosen.includes('index') ? chosen : [...FALLBACK_FIELDS];
}
