import { type Static, Type } from '@sinclair/typebox';
import { DiscordChannel } from './discord/index.js';
import { EmailChannel } from './email/index.js';
import { NtfyChannel } from './ntfy/index.js';
import { SlackChannel } from './slack/index.js';
import { TelegramChannel } from './telegram/index.js';
import { WebhookChannel } from './webhook/index.js';

/** One configured channel; `type` picks the notifier. */
export const ChannelConfig = Type.Union([
  WebhookChannel,
  TelegramChannel,
  DiscordChannel,
  SlackChannel,
  NtfyChannel,
  EmailChannel,
]);
export type ChannelConfig = Static<typeof ChannelConfig>;
