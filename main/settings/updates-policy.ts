/**
 * The admin policy's `updates` section: whether the app updates itself from the site's own feed,
 * where that feed is and which channel it follows. Off unless the policy turns it on; only the
 * machine-wide policy can set it. docs/deployment.md §10.
 */
import { z } from 'zod';

export const updatesPolicySchema = z
  .strictObject({
    enabled: z.boolean({ error: 'enabled must be true or false.' }).default(false),
    url: z
      .string({ error: 'url must be the https:// address of the update feed.' })
      .trim()
      .refine(
        (value) => {
          try {
            const url = new URL(value);
            return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
          } catch {
            return false;
          }
        },
        { error: 'url must be an https:// address of the update feed, for example https://updates.example.internal/whisper-control/.' },
      )
      .optional(),
    channel: z
      .string({ error: 'channel must be text.' })
      .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'channel must be a channel name such as latest or beta (lower-case letters, digits, hyphens).' })
      .default('latest'),
  })
  .superRefine((value, ctx) => {
    if (value.enabled && value.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'url is required when updates are enabled.' });
  });

export type UpdatesPolicy = z.infer<typeof updatesPolicySchema>;

export const UPDATES_OFF: UpdatesPolicy = { enabled: false, channel: 'latest' };
