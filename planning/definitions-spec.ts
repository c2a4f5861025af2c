import type { AnyMultiAsset } from '../assets/multi-asset';
import type { AnyAsset } from '../assets/asset';
import type { AssetCheckDefinition } from '../assets/asset-check';
import type { AssetJobDefinition } from '../assets/asset-job';
import type { JobDefinition } from '../assets/job';
import type { ScheduleDefinition } from '../assets/schedule';
import type { SensorDefinition } from '../assets/sensor';
import type { CatalogStore } from '../storage/catalog/store';
import type { IOManager } from '../storage/io-manager';

/** What `new Definitions(...)` takes: everything a code location defines. */
export interface DefinitionsSpec {
  /** Assets and multi-assets (each out of a multi-asset is an asset of these Definitions). */
  assets?: readonly (AnyAsset | AnyMultiAsset)[];
  /** Asset checks built by `assetCheck()` (checks declared with an asset need not be listed). */
  checks?: readonly AssetCheckDefinition[];
  /** IO managers by key. Built in: `io_manager` (by type), `parquet`, `json`; yours may replace them. */
  ioManagers?: Record<string, IOManager>;
  /** Op jobs (`job()`) and asset jobs (`defineAssetJob()`). */
  jobs?: readonly (JobDefinition | AssetJobDefinition)[];
  /**
   * Resources by key: `defineResource(...)` / `postgresResource(...)` values are built lazily in the
   * worker (their options never reach a plan); any other value is used as is. Computes receive
   * the ones they declare as `context.resources`.
   */
  resources?: Record<string, unknown>;
  /** Root directory of the built-in IO managers. Default ASSETFLOW_STORAGE or `.assetflow/storage`. */
  storageRoot?: string;
  /**
   * The asset catalog (materializations, failed attempts, runs): a URL, `sqlite:<path>` or
   * `postgres://user:password@host:5432/database?schema=assetflow`, or a store you built
   * (`sqliteCatalog(file)`, `postgresCatalog({...})`; you close it). Default:
   * ASSETFLOW_CATALOG_URL, else the SQLite file `<storage root>/.catalog.sqlite`.
   */
  catalog?: string | CatalogStore;
  /** Schedules built by `schedule()`; `assetflow deploy` keeps Temporal's schedules in step with them. */
  schedules?: readonly ScheduleDefinition[];
  /** Sensors, built by `sensor()` / `assetSensor()`; each runs as a workflow once deployed. */
  sensors?: readonly SensorDefinition[];
  /**
   * The task queue of this code location (its worker polls it; its runs, schedules, sensors and
   * backfills start on it). Default: `assetflow-<package.json name>` of the module that builds
   * these Definitions. `ASSETFLOW_TASK_QUEUE` overrides both.
   */
  taskQueue?: string;
}
