import { Type } from '@sinclair/typebox';

/** Agent config keys of the raspberry-pi collector; spread into AgentConfigSchema. */
export const RaspberryPiConfigProperties = {
  piRootDir: Type.String({
    default: '/',
    description:
      'root under which /proc/device-tree/model and /sys/class/thermal are read (tests: a fake tree)',
  }),
  vcgencmdCommand: Type.String({
    default: 'vcgencmd',
    description: 'vcgencmd binary for `get_throttled` on a Raspberry Pi',
  }),
};
