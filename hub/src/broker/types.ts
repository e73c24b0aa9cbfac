/**
 * What the hub needs from the broker that carries device traffic: the embedded aedes
 * (`embedded.ts`) or an external MQTT broker such as Mosquitto (`external.ts`).
 */
export interface HubBroker {
  /** Port of the embedded plain MQTT listener; 0 when it is off or the broker is external. */
  port: number;
  /** Port of the embedded MQTT-over-TLS listener; 0 when TLS is off or the broker is external. */
  tlsPort: number;
  /** Publishes from the hub itself (acks), QoS 0 or 1. */
  publish(topic: string, payload: string, qos: 0 | 1): void;
  /**
   * Drops every connection authenticated as this device (after a revocation); returns how many.
   * An external broker cannot be asked to: it returns 0 and the broker's own password file decides.
   */
  disconnectDevice(deviceId: string): number;
  close(): Promise<void>;
}
