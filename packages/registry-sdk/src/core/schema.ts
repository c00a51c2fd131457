/** The zod schema of a registration: the core validates with it so embedded and HTTP users get the same errors. */
import { z } from 'zod';

/** Limits a registration must respect. */
export const REGISTRATION_LIMITS = {
  maxTags: 32,
  maxTagLength: 256,
  maxMetadataKeys: 64,
  maxMetadataKeyLength: 128,
  maxMetadataValueLength: 512,
  /** Sum of key and value lengths, in UTF-16 code units. */
  maxMetadataTotal: 16 * 1024,
} as const;

const duration = (min: number) =>
  z
    .number()
    .int()
    .min(min)
    .max(7 * 24 * 3_600_000);

const ttlCheckSchema = z.strictObject({
  type: z.literal('ttl'),
  ttlMs: duration(1).describe('Silence longer than this makes the instance critical'),
  deregisterCriticalAfterMs: duration(0).optional().describe('Remove the instance after this long critical'),
});

const httpCheckSchema = z.strictObject({
  type: z.literal('http'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .describe('Polled by the registry: 2xx passes, 429 warns'),
  intervalMs: duration(10),
  timeoutMs: duration(1),
  successBeforePassing: z.number().int().min(1).max(100).optional(),
  failuresBeforeCritical: z.number().int().min(1).max(100).optional(),
  deregisterCriticalAfterMs: duration(0).optional(),
});

const metadataSchema = z
  .record(
    z.string().min(1).max(REGISTRATION_LIMITS.maxMetadataKeyLength),
    z.string().max(REGISTRATION_LIMITS.maxMetadataValueLength),
  )
  .superRefine((metadata, ctx) => {
    const keys = Object.keys(metadata);
    if (keys.length > REGISTRATION_LIMITS.maxMetadataKeys) {
      ctx.addIssue({ code: 'custom', message: `at most ${REGISTRATION_LIMITS.maxMetadataKeys} keys` });
    }
    const total = keys.reduce((sum, key) => sum + key.length + (metadata[key]?.length ?? 0), 0);
    if (total > REGISTRATION_LIMITS.maxMetadataTotal) {
      ctx.addIssue({
        code: 'custom',
        message: `at most ${REGISTRATION_LIMITS.maxMetadataTotal} characters in all`,
      });
    }
  });

/** Service names: 1-128 letters, digits, `_`, `-` or `.`. */
export const SERVICE_NAME_PATTERN = /^[\w.-]{1,128}$/;

/** Validates a {@link RegistrationInput}; unknown fields are refused so typos do not pass silently. */
export const registrationInputSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[^\s/\\]+$/, 'must not contain spaces or slashes')
    .optional()
    .describe('Omitted: derived from service, address and port (or url)'),
  service: z.string().regex(SERVICE_NAME_PATTERN, 'must be 1-128 letters, digits, "_", "-" or "."'),
  address: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65_535).optional(),
  url: z.url().max(2048).optional(),
  tags: z
    .array(z.string().min(1).max(REGISTRATION_LIMITS.maxTagLength))
    .max(REGISTRATION_LIMITS.maxTags)
    .optional(),
  metadata: metadataSchema.optional(),
  weight: z.number().positive().max(1_000_000).optional().describe('Relative weight (default 1)'),
  version: z.string().max(128).optional(),
  check: z.discriminatedUnion('type', [ttlCheckSchema, httpCheckSchema]).optional(),
  status: z.enum(['passing', 'warning', 'critical', 'maintenance']).optional(),
});
