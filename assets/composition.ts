import type { AnyOp } from './op';
import { DefinitionError } from '../errors/errors';

/** The output of an op inside a job's `build`: a reference that wires it to downstream inputs. */
export interface OpOutput<T> {
  readonly kind: 'op-output';
  /** The op node that produces it. */
  readonly node: string;
  /** Never set: carries the type only. */
  readonly __type?: T;
}

/** One op invocation in a job: the op and, for each input, the node whose output feeds it. */
export interface JobNode {
  name: string;
  op: AnyOp;
  inputs: Record<string, string>;
}

/** Records op invocations while a job's `build` runs. */
export class Composition {
  readonly nodes: JobNode[] = [];
  readonly problems: string[] = [];
  private readonly outputs = new WeakSet<object>();

  constructor(readonly jobName: string) {}

  invoke(op: AnyOp, inputs: Record<string, unknown>): OpOutput<unknown> {
    const owner = `job '${this.jobName}': ${describeOp(op)}`;
    const taken = this.nodes.find((n) => n.name === op.name);
    if (taken?.op === op) {
      this.problems.push(`${owner} is called twice; each op runs once per job: call ${op.aliasOf ?? op.name}.alias('<another name>') for a second use`);
    } else if (taken) {
      this.problems.push(`job '${this.jobName}': ${describeOp(op)} collides with ${describeOp(taken.op)} (both are named '${op.name}'): give the alias another name`);
    }
    const wired: Record<string, string> = {};
    const declared = Object.keys(op.ins);
    for (const [name, value] of Object.entries(inputs)) {
      if (!declared.includes(name)) {
        this.problems.push(`${owner} has no input '${name}' (its inputs: ${declared.join(', ') || 'none'})`);
        continue;
      }
      if (typeof value !== 'object' || value === null || !this.outputs.has(value)) {
        this.problems.push(`${owner}: input '${name}' must be the output of another op called in this job's build`);
        continue;
      }
      wired[name] = (value as OpOutput<unknown>).node;
    }
    for (const name of declared) {
      if (!(name in inputs)) this.problems.push(`${owner}: input '${name}' is not wired; pass the output of an upstream op`);
    }
    this.nodes.push({ name: op.name, op, inputs: wired });
    const output: OpOutput<unknown> = Object.freeze({ kind: 'op-output' as const, node: op.name });
    this.outputs.add(output);
    return output;
  }
}

/** `op 'extract'`, or `alias 'extract_b' of op 'extract'`. */
export function describeOp(op: AnyOp): string {
  return op.aliasOf === undefined ? `op '${op.name}'` : `alias '${op.name}' of op '${op.aliasOf}'`;
}

let active: Composition | undefined;

/** The composition of the job being built; calling an op elsewhere is an error. */
export function currentComposition(opName: string): Composition {
  if (!active) {
    throw new DefinitionError([
      `op '${opName}' was called outside a job: call ops inside job({ name, build: () => { ... } }) to wire them; run an op by running its job`,
    ]);
  }
  return active;
}

/** Runs `build` with a fresh composition and returns what it recorded. */
export function compose(jobName: string, build: () => unknown): Composition {
  if (active) throw new DefinitionError([`job '${jobName}' is defined inside another job's build; define jobs at module level`]);
  const composition = new Composition(jobName);
  active = composition;
  try {
    build();
  } finally {
    active = undefined;
  }
  return composition;
}
