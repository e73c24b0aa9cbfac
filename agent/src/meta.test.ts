import { validateMessage } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { collectMeta, parseOsRelease } from './meta.js';

// /etc/os-release as shipped by each distribution (first lines; the rest is URLs).
const debian12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
`;
const ubuntu2204 = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
`;
const raspbian11 = `PRETTY_NAME="Raspbian GNU/Linux 11 (bullseye)"
NAME="Raspbian GNU/Linux"
VERSION_ID="11"
VERSION="11 (bullseye)"
VERSION_CODENAME=bullseye
ID=raspbian
ID_LIKE=debian
`;
const fedora = `NAME="Fedora Linux"
VERSION="40 (Server Edition)"
ID=fedora
VERSION_ID=40
PRETTY_NAME="Fedora Linux 40 (Server Edition)"
`;

describe('os-release parsing (what systeminformation reported before)', () => {
  it.each([
    ['debian 12', debian12, { distro: 'Debian GNU/Linux', release: '12' }],
    ['ubuntu 22.04', ubuntu2204, { distro: 'Ubuntu', release: '22.04.4 LTS' }],
    ['raspbian 11', raspbian11, { distro: 'Raspbian GNU/Linux', release: '11' }],
    ['fedora 40', fedora, { distro: 'Fedora Linux', release: '40' }],
  ])('%s', (_name, text, expected) => {
    expect(parseOsRelease(text)).toEqual(expected);
  });

  it('no NAME: nothing', () => {
    expect(parseOsRelease('ID=x\n')).toBeNull();
  });

  it('collectMeta fills os on this machine', async () => {
    const meta = await collectMeta('unit-rig', { intervalS: 15, meteredIface: 'eth0', gpus: [] });
    expect(meta.os.length).toBeGreaterThan(0);
    expect(meta).toMatchObject({ device_id: 'unit-rig', interval_s: 15, metered_iface: 'eth0', gpus: [] });
    expect(validateMessage('meta', meta)).toMatchObject({ ok: true });
  });

  it('collectMeta lists GPUs from the last sample as inventory only', async () => {
    const gpu = {
      vendor: 'nvidia' as const,
      uuid: 'GPU-1',
      name: 'NVIDIA H100 80GB HBM3',
      mem_total_bytes: 85_520_809_984,
      index: 0,
    };
    const meta = await collectMeta('unit-rig', { intervalS: 15, gpus: [gpu as never] });
    expect(meta.gpus).toEqual([
      { vendor: 'nvidia', uuid: 'GPU-1', name: 'NVIDIA H100 80GB HBM3', mem_total_bytes: 85_520_809_984 },
    ]);
    expect(meta.metered_iface).toBeNull();
  });
});
