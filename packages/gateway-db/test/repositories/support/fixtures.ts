/** Minimal valid parent rows, so each test states only the columns it is about. */
import { createHash } from 'node:crypto';
import type {
  Model,
  NewModel,
  NewPortkeyGateway,
  NewProvider,
  NewVirtualKey,
  PortkeyGateway,
  Provider,
  VirtualKey,
} from '@gateway-db/schema';
import type { CreateInput, Repositories } from '../../../src/repositories/index.js';

export function aProvider(repos: Repositories, fields: Partial<CreateInput<NewProvider>> = {}): Promise<Provider> {
  return repos.providers.create({
    name: 'OpenAI',
    base_url: 'https://api.openai.com/v1',
    api_key: 'iv:cipher',
    ...fields,
  });
}

export function aModel(repos: Repositories, fields: Partial<CreateInput<NewModel>> = {}): Promise<Model> {
  return repos.models.create({ name: 'GPT-4o', model_identifier: 'gpt-4o', ...fields });
}

export function aKey(
  repos: Repositories,
  keyValue: string,
  fields: Partial<CreateInput<NewVirtualKey>> = {},
): Promise<VirtualKey> {
  const keyHash = createHash('sha256').update(keyValue).digest('hex');
  return repos.virtualKeys.create({ key_value: keyValue, key_hash: keyHash, name: `key ${keyValue}`, ...fields });
}

export function aGateway(
  repos: Repositories,
  fields: Partial<CreateInput<NewPortkeyGateway>> = {},
): Promise<PortkeyGateway> {
  return repos.portkeyGateways.create({ name: 'gateway', url: 'http://localhost:8787', ...fields });
}
