/**
 * Which model and provider serve a request: the key's `model_id`, or among its `model_ids` the one the client
 * names (by id, name or model_identifier; else the first). A model with an enabled routing config is replaced by
 * the first target of `{"targets":[{"modelId": ...}]}` that resolves to an enabled model (fallback order).
 */
import type { GatewayDb } from 'gateway-db';
import type { Model, Provider, RoutingConfig, VirtualKey } from './db-types.js';
import { HttpError } from './http-io.js';

export interface Target {
  readonly model: Model;
  readonly provider: Provider;
  readonly routingConfig?: RoutingConfig;
}

function jsonArray(text: string | null): unknown[] {
  if (text === null) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

async function candidateModel(
  db: GatewayDb,
  key: VirtualKey,
  requested: string | undefined,
): Promise<Model | undefined> {
  if (key.model_id !== null) return db.models.getById(key.model_id);
  const ids = jsonArray(key.model_ids).filter((id): id is string => typeof id === 'string');
  let first: Model | undefined;
  for (const id of ids) {
    const model = await db.models.getById(id);
    if (!model) continue;
    first ??= model;
    if (requested === undefined || [model.id, model.name, model.model_identifier].includes(requested)) return model;
  }
  return first;
}

function targetModelIds(config: RoutingConfig): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(config.config);
  } catch {
    return [];
  }
  const targets = typeof parsed === 'object' && parsed !== null ? (parsed as { targets?: unknown }).targets : undefined;
  if (!Array.isArray(targets)) return [];
  return targets.flatMap((t: unknown) => {
    const id = typeof t === 'object' && t !== null ? (t as { modelId?: unknown }).modelId : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

async function throughRoutingConfig(
  db: GatewayDb,
  model: Model,
): Promise<{ model: Model; routingConfig?: RoutingConfig }> {
  if (model.routing_config_id === null) return { model };
  const routingConfig = await db.routingConfigs.getById(model.routing_config_id);
  if (!routingConfig?.enabled) return { model };
  for (const id of targetModelIds(routingConfig)) {
    const target = await db.models.getById(id);
    if (target?.enabled) return { model: target, routingConfig };
  }
  throw new HttpError(503, `routing config ${routingConfig.id} has no usable target`, 'routing_error');
}

export async function resolveTarget(
  db: GatewayDb,
  key: VirtualKey,
  requestedModel: string | undefined,
): Promise<Target> {
  const chosen = await candidateModel(db, key, requestedModel);
  if (!chosen?.enabled) throw new HttpError(400, 'no enabled model is configured for this key');
  const { model, routingConfig } = await throughRoutingConfig(db, chosen);
  const providerId = model.provider_id ?? key.provider_id;
  const provider = providerId === null ? undefined : await db.providers.getById(providerId);
  if (!provider?.enabled) throw new HttpError(503, `no enabled provider for model ${model.id}`, 'routing_error');
  return routingConfig ? { model, provider, routingConfig } : { model, provider };
}
