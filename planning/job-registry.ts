import { isAssetJob, type AssetJobDefinition } from '../assets/asset-job';
import { isJob, type JobDefinition } from '../assets/job';
import type { AnyOp } from '../assets/op';
import { describeOp } from '../assets/composition';
import type { SelectableGraph } from './selection';
import { checkTarget } from './target-check';

/**
 * The jobs given to Definitions, checked: each is a job, names are unique, asset job selections
 * resolve, one op per op name, and no op named like an asset (run config addresses both as
 * `ops.<name>`). Problems are appended to `problems`; returns jobs by name and ops by name.
 */
export function collectJobs(list: readonly unknown[], graph: SelectableGraph, problems: string[]) {
  const jobs = new Map<string, JobDefinition | AssetJobDefinition>();
  const ops = new Map<string, AnyOp>();
  const opJob = new Map<string, string>();
  for (const [i, j] of list.entries()) {
    if (!isJob(j) && !isAssetJob(j)) {
      problems.push(`jobs[${i}] is not a job built by job() or defineAssetJob()`);
      continue;
    }
    if (jobs.has(j.name)) {
      problems.push(`job name '${j.name}' is used twice: each job needs its own name`);
      continue;
    }
    jobs.set(j.name, j);
    if (isAssetJob(j)) {
      problems.push(...checkTarget(`asset job '${j.name}'`, { selection: j.selection }, { graph, jobs }));
      continue;
    }
    for (const node of j.nodes) {
      const known = ops.get(node.name);
      if (known && known !== node.op) {
        problems.push(`op name '${node.name}' is used by two different ops (${describeOp(known)} in job '${opJob.get(node.name)}', ${describeOp(node.op)} in job '${j.name}'): rename one`);
      } else if (graph.upstream.has(node.name)) {
        problems.push(`${describeOp(node.op)} (job '${j.name}') has the name of an asset: run config addresses both as ops.${node.name}; rename one`);
      } else {
        ops.set(node.name, node.op);
        opJob.set(node.name, j.name);
      }
    }
  }
  return { jobs, ops };
}
