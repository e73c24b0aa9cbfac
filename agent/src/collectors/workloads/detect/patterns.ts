import type { WorkloadNetwork } from '@nodetally/shared';

export interface DetectRule {
  /** Tested against the container's image reference (`repo/name:tag`). */
  images?: RegExp[];
  /** Tested against /proc/<pid>/comm (exact task name, ≤ 15 chars). */
  comms?: RegExp[];
  /** Tested against the full command line, for interpreters (`node …/nosana …`). */
  cmdlines?: RegExp[];
}

/**
 * How each network shows up as a container or a process. Adding a network or a new image is a row
 * here. Sources are in detect/README.md; rows marked "guess" have no public reference found.
 */
export const DETECT_RULES: Partial<Record<WorkloadNetwork, DetectRule>> = {
  flux: { comms: [/^fluxd$/, /^fluxbenchd$/] },
  helium: {
    images: [/(^|\/)team-helium\/miner(:|@|$)/, /(^|\/)helium\/gateway(-rs)?(:|@|$)/],
    comms: [/^helium_gateway$/, /^lora_pkt_fwd$/],
  },
  akash: { comms: [/^provider-servic$/], cmdlines: [/(^|\/)provider-services\s+run\b/] },
  theta: { images: [/(^|\/)thetalabsorg\/edgelauncher/], comms: [/^edgecore$/, /^edgelauncher$/] },
  filecoin: { comms: [/^lotus-miner$/, /^lotus-worker$/, /^curio$/] },
  nosana: {
    images: [/(^|\/)nosana\/nosana-cli(:|@|$)/],
    cmdlines: [/@nosana\/cli\b.*\bnode\s+start\b/, /\bnosana\s+node\s+start\b/],
  },
  grass: {
    images: [/(^|\/)mrcolorrain\/grass/, /(^|\/)217heidai\/grass(:|@|$)/, /(^|\/)sicnull\/grass-node/],
    comms: [/^grass$/],
  },
  'io-net': { images: [/(^|\/)ionetcontainers\/io-(worker-vc|worker-monitor|launch)(:|@|$)/] },
  // guess: no public reference found for how the Render Network client runs on Linux.
  render: { images: [/(^|\/)rndr[\w-]*(:|@|$)/i], comms: [/^rndr/i] },
};
