export interface MountEntry {
  device: string;
  mount: string;
  fs: string;
}

/** Filesystems that hold a user's data; pseudo and in-memory ones (proc, tmpfs, cgroup, overlay…) are not disks. */
const DISK_FILESYSTEMS = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'zfs',
  'f2fs',
  'vfat',
  'exfat',
  'ntfs',
  'ntfs3',
  'fuseblk',
  'jfs',
  'reiserfs',
  'bcachefs',
]);

/** /proc/self/mounts escapes spaces and tabs in paths as octal (`\040`). */
const unescapeMount = (field: string) =>
  field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));

/** Real disk mounts, one per device (bind mounts of the same device are listed once, first mount wins). */
export function parseMounts(text: string): MountEntry[] {
  const seen = new Set<string>();
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, mount, fs] = line.split(' ');
    if (!device || !mount || !fs || !DISK_FILESYSTEMS.has(fs) || seen.has(device)) continue;
    seen.add(device);
    entries.push({ device: unescapeMount(device), mount: unescapeMount(mount), fs });
  }
  return entries;
}
