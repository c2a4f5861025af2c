import type { AssetDefinition, AssetIns, ConfigSchema, OutputOf } from '../assets/asset';
import type { TimeWindow } from '../assets/partitions';
import { runCompute } from '../execution/execute-step';
import { buildAssetContext, type StepConfigOf, type TestStepContext } from './build-context';

export interface InvokeAssetOptions<Ins extends AssetIns, Schema extends ConfigSchema | undefined> {
  /** The compute's inputs by name, typed as the upstream outputs a run would load. */
  inputs?: { [K in keyof Ins]: OutputOf<Ins[K]> };
  /** Raw config, validated by the asset's schema (when no `context` is given). */
  config?: unknown;
  resources?: Record<string, unknown>;
  /** The partition to compute: checked against the asset's partitions; sets `partitionTimeWindow` for daily and hourly ones. */
  partitionKey?: string;
  /** Overrides the partition's time window the compute sees. */
  partitionTimeWindow?: TimeWindow;
  /** A context from `buildAssetContext` (then give config and resources there). */
  context?: TestStepContext<StepConfigOf<AssetDefinition<string, unknown, Ins, Schema>>>;
}

/**
 * Calls an asset's compute directly with the given inputs, as a run would but with nothing
 * loaded or stored (the guide's `transform_sales(context, test_df)`).
 *
 * @example
 * ```ts
 * const cleaned = await invokeAsset(cleanedSales, { inputs: { rawSales: pl.DataFrame({ amount: [100, -50] }) } });
 * ```
 */
export async function invokeAsset<Out, Ins extends AssetIns, Schema extends ConfigSchema | undefined>(
  definition: AssetDefinition<string, Out, Ins, Schema>,
  options: InvokeAssetOptions<Ins, Schema> = {},
): Promise<Awaited<Out>> {
  if (options.context && (options.config !== undefined || options.resources || options.partitionKey !== undefined || options.partitionTimeWindow !== undefined)) {
    throw new TypeError(`invokeAsset('${definition.key}'): give config, resources, partitionKey and partitionTimeWindow either to buildAssetContext or to invokeAsset, not both`);
  }
  const context =
    options.context ??
    buildAssetContext({ step: definition, config: options.config, resources: options.resources, partitionKey: options.partitionKey, partitionTimeWindow: options.partitionTimeWindow });
  const inputs: Record<string, unknown> = { ...(options.inputs ?? {}) };
  const missing = Object.keys(definition.ins).filter((name) => !(name in inputs));
  if (missing.length) {
    throw new TypeError(`invokeAsset('${definition.key}'): missing input${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}; pass them as { inputs: { ${missing.join(', ')} } }`);
  }
  return (await runCompute(definition, inputs, context)) as Awaited<Out>;
}
