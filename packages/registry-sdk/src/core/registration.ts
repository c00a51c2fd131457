/** A registration's two pure steps: validating the input, and building the stored instance from it. */
import { type z } from 'zod';
import { type Health } from '../checks/health-counter.js';
import { type Instance } from '../instance/types.js';
import { InvalidRegistrationError } from './errors.js';
import { compact, healthOf } from './instance-health.js';
import { registrationInputSchema } from './schema.js';

/** A registration input that passed {@link parseRegistration}. */
export type ParsedRegistration = z.infer<typeof registrationInputSchema>;

/**
 * Validates a registration input.
 *
 * @throws InvalidRegistrationError naming the first field at fault (`details.issues` lists them all).
 */
export function parseRegistration(input: unknown): ParsedRegistration {
  const parsed = registrationInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    field: i.path.map(String).join('.'),
    message: i.message,
  }));
  const first = issues[0];
  throw new InvalidRegistrationError(`${first?.field || 'input'}: ${first?.message ?? 'invalid'}`, {
    details: { field: first?.field ?? '', issues },
  });
}

/** What the registry knows when it stores a registration: the id, the first health, the previous instance. */
export interface RegistrationState {
  readonly id: string;
  readonly health: Health;
  readonly note: string | undefined;
  /** The instance this registration replaces (its `registeredAt`, maintenance flag and critical start are kept). */
  readonly prev: Instance | undefined;
  /** Epoch milliseconds. */
  readonly now: number;
}

/** The instance a registration stores: input fields with their defaults, health, maintenance and timestamps. */
export function registeredInstance(data: ParsedRegistration, state: RegistrationState): Instance {
  const { id, health, note, prev, now } = state;
  const draining = data.status === 'maintenance' || (prev?.draining ?? false);
  return compact({
    id,
    service: data.service,
    address: data.address,
    port: data.port,
    url: data.url,
    tags: data.tags ?? [],
    metadata: data.metadata ?? {},
    weight: data.weight ?? 1,
    version: data.version,
    status: draining ? 'maintenance' : health,
    health,
    draining,
    maintenanceReason: draining ? prev?.maintenanceReason : undefined,
    check: data.check,
    registeredAt: prev?.registeredAt ?? now,
    lastHeartbeatAt: now,
    criticalSince:
      health === 'critical' ? (prev && healthOf(prev) === 'critical' ? prev.criticalSince : now) : undefined,
    note,
  });
}
