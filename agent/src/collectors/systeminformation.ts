/**
 * systeminformation is only the fallback for non-Linux hosts; on Linux the collectors read /proc.
 * Loading it lazily keeps its few MB of resident memory off a Raspberry Pi.
 */
export async function loadSysinfo() {
  return (await import('systeminformation')).default;
}
