/**
 * The admin policy's `updates` section: whether the app updates itself from the site's own feed,
 * where that feed is and which channel it follows. Off unless the policy turns it on; only the
 * machine-wide policy can set it. docs/deployment.md §10.
 */
import { z } from 'zod';
import { validationText } from '../../app/i18n/validation';
import { said } from './schema';

export const updatesPolicySchema = z
  .strictObject({
    enabled: z.boolean({ error: said(validationText('updates.enabled')) }).default(false),
    url: z
      .string({ error: said(validationText('updates.urlType')) })
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
        { error: said(validationText('updates.urlFormat')) },
      )
      .optional(),
    channel: z
      .string({ error: said(validationText('updates.channelType')) })
      .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: said(validationText('updates.channelFormat')) })
      .default('latest'),
  })
  .superRefine((value, ctx) => {
    if (value.enabled && value.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: said(validationText('updates.urlRequired')) });
  });

export type UpdatesPolicy = z.infer<typeof updatesPolicySchema>;

export const UPDATES_OFF: UpdatesPolicy = { enabled: false, channel: 'latest' };
