/**
 * Which Portkey gateway a request would go through, as the real gateway chooses it: enabled model routing rules
 * by priority (`model_name`: exact; `model_pattern`: regular expression; `provider`: provider id), else the
 * enabled default gateway. The lists are read at most once a minute (`refreshMs`); when a refresh fails, the
 * previous lists stay in use. The example has no Portkey: the choice is only reported (`x-gateway-route`).
 */
import type { GatewayDb } from 'gateway-db';

type Gateways = Awaited<ReturnType<GatewayDb['portkeyGateways']['getEnabled']>>;
type Rules = Awaited<ReturnType<GatewayDb['modelRoutingRules']['getEnabled']>>;

export interface GatewayChoice {
  /** The id of the Portkey gateway for this model/provider, or undefined for a direct call. */
  choose(model: string, providerId: string): Promise<string | undefined>;
}

function matches(rule: Rules[number], model: string, providerId: string): boolean {
  switch (rule.rule_type) {
    case 'model_name':
      return rule.rule_value === model;
    case 'model_pattern':
      try {
        return new RegExp(rule.rule_value).test(model);
      } catch {
        return false;
      }
    case 'provider':
      return rule.rule_value === providerId;
    default:
      return false;
  }
}

export function gatewayChoice(db: GatewayDb, refreshMs = 60_000): GatewayChoice {
  let lists: { gateways: Gateways; rules: Rules; at: number } | undefined;
  let refreshing: Promise<void> | undefined;

  async function refresh(): Promise<void> {
    try {
      const [gateways, rules] = await Promise.all([db.portkeyGateways.getEnabled(), db.modelRoutingRules.getEnabled()]);
      lists = { gateways, rules: [...rules].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0)), at: Date.now() };
    } catch (error) {
      if (!lists) throw error;
    }
  }

  return {
    async choose(model, providerId) {
      if (!lists || Date.now() - lists.at >= refreshMs) {
        refreshing ??= refresh().finally(() => (refreshing = undefined));
        // Only the very first request waits; later ones use the previous lists while a refresh runs.
        if (!lists) await refreshing;
      }
      const current = lists;
      if (!current) return undefined;
      const enabled = new Set(current.gateways.map((g) => g.id));
      const rule = current.rules.find((r) => enabled.has(r.portkey_gateway_id) && matches(r, model, providerId));
      return rule?.portkey_gateway_id ?? current.gateways.find((g) => g.is_default)?.id;
    },
  };
}
