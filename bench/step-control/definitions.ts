/**
 * The step-control figure's Definitions, for `assetflow worker --defs`: the steps-off-the-event-
 * loop fixture (test/fixtures/step-thread-definitions.ts) under ASSETFLOW_STORAGE, with marker
 * files in BENCH_CONTROL_DIR.
 */
import { stepThreadDefinitions } from '../../test/fixtures/step-thread-definitions';

export default stepThreadDefinitions(process.env.ASSETFLOW_STORAGE ?? '.assetflow/bench-step-control', process.env.BENCH_CONTROL_DIR ?? '.assetflow/bench-step-control/control');
