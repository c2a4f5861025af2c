import type { FC } from 'hono/jsx';
import type { AssetDetails } from '../../client/asset-catalog';
import { runUrl } from '../../client/runs';
import type { PartitionState, StoredMaterialization, StoredRun } from '../../storage/catalog/store';
import type { UiContext } from '../context';
import { rangesIn, rangeText } from '../partition-health';
import { assetHref, HEALTH_WORDS, HealthBar, PARTITION_WORDS, StatusLine, When } from './asset-status';
import { Layout } from './layout';

export interface AssetPageProps {
  ctx: UiContext;
  asset: AssetDetails;
  /** The runs of the listed materializations, by run id (for their durations). */
  runs: ReadonlyMap<string, StoredRun>;
}

/** The live part's URL: the same page, only the part that changes. */
export const livePartHref = (key: string) => `${assetHref(key)}?part=live`;

function duration(run: StoredRun | undefined): string {
  if (!run?.endedAt) return run ? 'running' : '';
  const ms = Date.parse(run.endedAt) - Date.parse(run.startedAt);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const RunLink: FC<{ ctx: UiContext; m: Pick<StoredMaterialization, 'runId' | 'workflowId' | 'runName'> }> = ({ ctx, m }) => {
  const label = m.runName ? `${m.runName} · ${m.runId.slice(0, 8)}` : m.runId.slice(0, 8);
  return ctx.temporalWebUrl && m.workflowId ? (
    <a href={runUrl(ctx.temporalWebUrl, ctx.namespace, m.workflowId, m.runId)} target="_blank" rel="noreferrer" title={`${m.workflowId} in Temporal Web`}>
      {label} ↗
    </a>
  ) : (
    <span title={m.runId}>{label}</span>
  );
};

const RangeList: FC<{ asset: AssetDetails; state: PartitionState }> = ({ asset, state }) => {
  if (!asset.status.partitioned || !asset.status.ranges) return null;
  const { shown, more } = rangesIn({ total: asset.status.total, counts: asset.status.counts, ranges: asset.status.ranges }, state);
  if (shown.length === 0) return null;
  return (
    <div class={`ranges ranges-${state}`}>
      <h3>
        {PARTITION_WORDS[state][0].toUpperCase() + PARTITION_WORDS[state].slice(1)} ({asset.status.counts[state].toLocaleString('en-US')})
      </h3>
      <ul aria-label={`${PARTITION_WORDS[state]} ranges`}>
        {shown.map((r) => (
          <li>
            <code>{rangeText(r)}</code> <span class="muted">({r.count.toLocaleString('en-US')})</span>
          </li>
        ))}
        {more ? <li class="muted">and {more.toLocaleString('en-US')} more ranges</li> : null}
      </ul>
    </div>
  );
};

/** The asset's checks, each with its newest result: passed or failed, severity, when, in which run and partition, metadata. */
const ChecksSection: FC<{ ctx: UiContext; asset: AssetDetails }> = ({ ctx, asset }) => (
  <section aria-labelledby="checks-h">
    <h2 id="checks-h">Checks</h2>
    <table class="checks" aria-label="Checks">
      <thead>
        <tr>
          <th>Check</th>
          <th>Blocking</th>
          <th>Result</th>
          <th>Severity</th>
          <th>Time</th>
          <th>Run</th>
          <th>Partition</th>
          <th>Metadata</th>
        </tr>
      </thead>
      <tbody>
        {asset.checks.map((c) => {
          const r = c.latest;
          return (
            <tr data-check={c.name}>
              <td>
                <code>{c.name}</code>
                {c.description ? <div class="muted">{c.description}</div> : null}
              </td>
              <td>{c.blocking ? 'yes' : 'no'}</td>
              <td class={r ? (r.passed ? 'check-passed' : `check-failed check-${r.severity}`) : 'muted'}>{r ? (r.passed ? 'passed' : 'failed') : 'never ran'}</td>
              <td>{r?.severity ?? ''}</td>
              <td>{r ? <When iso={r.checkedAt} /> : ''}</td>
              <td>{r ? <RunLink ctx={ctx} m={r} /> : ''}</td>
              <td>{r?.partitionKey ?? ''}</td>
              <td>
                <code>{r && Object.keys(r.metadata).length ? cell(r.metadata) : ''}</code>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  </section>
);

/** What changes while runs go on: status, partitions, latest materialization, history, failures. */
export const AssetLive: FC<AssetPageProps> = ({ ctx, asset, runs }) => {
  const last = asset.materializations[0];
  const historyColumns = ['Time', 'Run', 'Partition', 'Rows', 'Run duration'];
  return (
    <div id="asset-live" hx-get={livePartHref(asset.key)} hx-trigger="sse:changed" hx-swap="outerHTML">
      <p class="asset-status">
        <StatusLine asset={asset} />
      </p>
      {asset.status.partitioned ? (
        <section aria-labelledby="partitions-h">
          <h2 id="partitions-h">Partitions</h2>
          <HealthBar summary={asset.status} maxSegments={400} />
          <p class="counts">
            {(['materialized', 'failed', 'in_progress', 'missing'] as const).map((s) => (
              <span class={`count-${s}`}>
                <span class={`dot seg-${s}`}></span>
                {asset.status.partitioned ? asset.status.counts[s].toLocaleString('en-US') : 0} {PARTITION_WORDS[s]}{' '}
              </span>
            ))}
            <span class="muted">of {asset.status.total.toLocaleString('en-US')}</span>
          </p>
          <div class="range-lists">
            <RangeList asset={asset} state="failed" />
            <RangeList asset={asset} state="in_progress" />
            <RangeList asset={asset} state="missing" />
          </div>
        </section>
      ) : null}
      <section aria-labelledby="latest-h">
        <h2 id="latest-h">Latest materialization</h2>
        {last ? (
          <>
            <dl class="facts">
              <dt>When</dt>
              <dd>
                <When iso={last.materializedAt} />
              </dd>
              <dt>Run</dt>
              <dd>
                <RunLink ctx={ctx} m={last} />
              </dd>
              {last.partitionKey ? (
                <>
                  <dt>Partition</dt>
                  <dd>{last.partitionKey}</dd>
                </>
              ) : null}
              <dt>Rows</dt>
              <dd>{last.rows?.toLocaleString('en-US') ?? '—'}</dd>
              <dt>Code version</dt>
              <dd>{last.codeVersion ? <code>{last.codeVersion}</code> : 'none recorded'}</dd>
              <dt>Stored at</dt>
              <dd>
                <code>{last.location}</code>
              </dd>
            </dl>
            {asset.columns.length ? (
              <>
                <h3>Columns</h3>
                <table class="columns" aria-label="Columns">
                  <thead>
                    <tr>
                      <th>Column</th>
                      <th>Type</th>
                    </tr>
                  </thead>
                  <tbody>
                    {asset.columns.map((c) => (
                      <tr>
                        <td>{c.name}</td>
                        <td>
                          <code>{c.type}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : null}
            {asset.preview.length ? <Preview rows={asset.preview} /> : null}
          </>
        ) : (
          <p class="muted">Never materialized.</p>
        )}
      </section>
      <section aria-labelledby="history-h">
        <h2 id="history-h">Materialization history</h2>
        {asset.materializations.length ? (
          <table class="history" aria-label="Materialization history">
            <thead>
              <tr>
                {historyColumns.map((h) => (
                  <th>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {asset.materializations.map((m) => (
                <tr>
                  <td>
                    <When iso={m.materializedAt} />
                  </td>
                  <td>
                    <RunLink ctx={ctx} m={m} />
                  </td>
                  <td>{m.partitionKey ?? ''}</td>
                  <td class="num">{m.rows?.toLocaleString('en-US') ?? ''}</td>
                  <td class="num">{duration(runs.get(m.runId))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No materializations yet.</p>
        )}
        {!ctx.temporalWebUrl && asset.materializations.length ? <p class="muted">Temporal Web's address is not known, so runs are not linked.</p> : null}
      </section>
      {asset.checks.length ? <ChecksSection ctx={ctx} asset={asset} /> : null}
      {asset.failures.length ? (
        <section aria-labelledby="failures-h">
          <h2 id="failures-h">Recent failures</h2>
          <table class="failures" aria-label="Recent failures">
            <thead>
              <tr>
                <th>Time</th>
                <th>Run</th>
                <th>Partition</th>
                <th>Attempt</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {asset.failures.map((f) => (
                <tr>
                  <td>
                    <When iso={f.failedAt} />
                  </td>
                  <td>
                    <RunLink ctx={ctx} m={f} />
                  </td>
                  <td>{f.partitionKey ?? ''}</td>
                  <td class="num">{f.attempt}</td>
                  <td>
                    <pre class="error-text">{f.error}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
};

const Preview: FC<{ rows: Record<string, unknown>[] }> = ({ rows }) => {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <>
      <h3>Preview</h3>
      <div class="scroll-x">
        <table class="preview" aria-label="Preview">
          <thead>
            <tr>
              {names.map((n) => (
                <th>{n}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                {names.map((n) => (
                  <td>{cell(row[n])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
};

const AssetLinks: FC<{ keys: readonly string[] }> = ({ keys }) =>
  keys.length ? (
    <ul class="links">
      {keys.map((k) => (
        <li>
          <a href={assetHref(k)}>{k}</a>
        </li>
      ))}
    </ul>
  ) : (
    <p class="muted">none</p>
  );

/** `/assets/<key>`: what the asset is, its lineage, and what the catalog knows of it (live). */
export const AssetPage: FC<AssetPageProps> = (props) => {
  const { ctx, asset } = props;
  return (
    <Layout ctx={ctx} title={asset.key} section="/">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/">Assets</a> / <a href={`/?group=${encodeURIComponent(asset.group)}`}>{asset.group}</a> /
      </nav>
      <div class="asset-head">
        <h1>{asset.key}</h1>
        <span class={`badge health-${asset.health.kind}`}>{HEALTH_WORDS[asset.health.kind]}</span>
        <a class="button primary" href={`/launch?select=${encodeURIComponent(asset.key)}`}>
          Materialize…
        </a>
      </div>
      {asset.description ? <p class="description">{asset.description}</p> : null}
      <div class="asset-columns">
        <aside>
          <dl class="facts">
            <dt>Group</dt>
            <dd>
              <a href={`/?group=${encodeURIComponent(asset.group)}`}>{asset.group}</a>
            </dd>
            <dt>IO manager</dt>
            <dd>
              <code>{asset.ioManagerKey}</code>
            </dd>
            <dt>Partitions</dt>
            <dd>{asset.partitions ?? 'not partitioned'}</dd>
            <dt>Code version</dt>
            <dd class="code-version">{asset.codeVersion ? <code>{asset.codeVersion}</code> : 'none'}</dd>
            {asset.computedBy ? (
              <>
                <dt>Computed by</dt>
                <dd class="computed-by">
                  multi-asset <code>{asset.computedBy.multiAsset}</code>, outs: <AssetLinks keys={asset.computedBy.outs} />
                </dd>
              </>
            ) : null}
          </dl>
          <h2>Upstream</h2>
          <AssetLinks keys={asset.upstream} />
          <h2>Downstream</h2>
          <AssetLinks keys={asset.downstream} />
          <p>
            <a href={`/?select=${encodeURIComponent(`+${asset.key}+`)}`}>Show its lineage in the graph</a>
          </p>
        </aside>
        <div class="asset-main">
          <AssetLive {...props} />
        </div>
      </div>
    </Layout>
  );
};

/** The 404 page for an unknown asset key, with the close matches. */
export const UnknownAssetPage: FC<{ ctx: UiContext; assetKey: string; suggestions: readonly string[] }> = ({ ctx, assetKey, suggestions }) => (
  <Layout ctx={ctx} title="Unknown asset" section="/">
    <h1>No asset “{assetKey}”</h1>
    <p>These Definitions have no asset with that key.</p>
    {suggestions.length ? (
      <p>
        Did you mean{' '}
        {suggestions.map((s, i) => (
          <>
            {i ? ' or ' : ''}
            <a href={assetHref(s)}>{s}</a>
          </>
        ))}
        ?
      </p>
    ) : null}
    <p>
      <a href="/">Back to the asset graph</a>
    </p>
  </Layout>
);
