/** Where the Temporal service is: the local dev server by default, any cluster or Temporal Cloud by env. */
export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Temporal Cloud API key (TEMPORAL_API_KEY). */
  apiKey?: string;
  /** Use TLS (TEMPORAL_TLS=1, implied by an API key). */
  tls?: boolean;
}

/** TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY / TEMPORAL_TLS, when an address is set. */
export function temporalTargetFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalTarget | undefined {
  if (!env.TEMPORAL_ADDRESS) return undefined;
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    ...(apiKey ? { apiKey } : {}),
    tls: Boolean(apiKey) || env.TEMPORAL_TLS === '1' || env.TEMPORAL_TLS === 'true',
  };
}

/** Connection options shared by Client connections and worker NativeConnections. */
export function connectionOptions(target: TemporalTarget) {
  return {
    address: target.address,
    ...(target.tls ? { tls: true } : {}),
    ...(target.apiKey ? { apiKey: target.apiKey, metadata: { 'temporal-namespace': target.namespace } } : {}),
  };
}
