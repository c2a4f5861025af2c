/**
 * Figure 6: definitions at scale. Builds a generated graph of N assets with 2N edges
 * (asset() calls and `new Definitions`, which validates: keys, unknown deps, cycles, IO
 * managers), then plans a run of everything (selection, topological order, run config).
 */
import { asset, type AnyAsset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { median, repeat, timed } from './stats';
import type { Figure } from './types';

/**
 * `size` assets, `2 * size` edges: asset i reads two earlier assets chosen by a fixed
 * pseudo-random walk (the first assets have fewer; the last ones one more to make up the count).
 */
export function buildScaleGraph(size: number): { assets: AnyAsset[]; edges: number } {
  let seed = 12345;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const assets: AnyAsset[] = [];
  let edges = 0;
  const wanted = 2 * size;
  for (let i = 0; i < size; i++) {
    const remaining = size - i;
    const extra = wanted - edges - 2 * remaining > 0 ? 1 : 0;
    const count = Math.min(i, 2 + extra);
    const ins: Record<string, AnyAsset> = {};
    while (Object.keys(ins).length < count) {
      const up = assets[i - 1 - random(Math.min(i, 50))];
      ins[`in_${up.key.slice(6)}`] = up;
    }
    edges += count;
    assets.push(asset({ key: `scale_${String(i).padStart(5, '0')}`, group: `g${i % 20}`, ins, compute: () => i }));
  }
  return { assets, edges };
}

const definitionsScale: Figure = async (ctx) => {
  const size = ctx.options.scaleAssets;
  const runs = await repeat(Math.max(ctx.options.repeat, 3), async () => {
    const build = await timed(() => buildScaleGraph(size));
    const validate = await timed(() => new Definitions({ assets: build.result.assets }));
    const plan = await timed(() => validate.result.plan({ selection: '*' }));
    if (plan.result.steps.length !== size) throw new Error(`planned ${plan.result.steps.length} steps, expected ${size}`);
    return { build: build.ms, validate: validate.ms, plan: plan.ms, total: build.ms + validate.ms + plan.ms, edges: build.result.edges };
  });
  const part = (k: 'build' | 'validate' | 'plan') => median(runs.map((r) => r[k])).toFixed(0);
  return [
    {
      figure: `6 ${size.toLocaleString('en-US')} assets, ${runs[0].edges.toLocaleString('en-US')} edges`,
      value: median(runs.map((r) => r.total)),
      unit: 'ms',
      target: { op: '<', value: 1000 },
      note: `build ${part('build')} ms, validate ${part('validate')} ms, plan ${part('plan')} ms`,
    },
  ];
};

export default definitionsScale;
