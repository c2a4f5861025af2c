"""Figure 3's peer: the sales pipeline of examples/sales as four Dagster assets computing with
pandas, materialized in process over the same generated Parquet input, each output stored as
zstd Parquet by an IO manager (as assetflow's default IO manager does).

    bench/.venv/bin/python bench/dagster/sales_pipeline.py <input.parquet> <storage dir>

Prints one JSON line: import_ms, materialize_ms (the materialize() call), steps_ms,
top_customer_ids, peak_rss_bytes.
"""
import json
import os
import resource
import sys
import time

_import_started = time.perf_counter()
import pandas as pd  # noqa: E402
from dagster import (  # noqa: E402
    AssetExecutionContext,
    Config,
    ConfigurableIOManager,
    DagsterEventType,
    InputContext,
    OutputContext,
    asset,
    materialize,
)

IMPORT_MS = (time.perf_counter() - _import_started) * 1000


class ParquetIOManager(ConfigurableIOManager):
    """One zstd Parquet file per asset under base_dir."""

    base_dir: str

    def _path(self, key) -> str:
        return os.path.join(self.base_dir, *key.path) + ".parquet"

    def handle_output(self, context: OutputContext, obj: pd.DataFrame) -> None:
        path = self._path(context.asset_key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        obj.to_parquet(path, compression="zstd", index=False)

    def load_input(self, context: InputContext) -> pd.DataFrame:
        return pd.read_parquet(self._path(context.asset_key))


class RawSalesConfig(Config):
    path: str


@asset(group_name="sales")
def raw_sales(context: AssetExecutionContext, config: RawSalesConfig) -> pd.DataFrame:
    """Raw sales read from the generated Parquet input."""
    return pd.read_parquet(config.path)


@asset(group_name="sales")
def cleaned_sales(raw_sales: pd.DataFrame) -> pd.DataFrame:
    """Sales with sale_date parsed and non-positive amounts dropped."""
    cleaned = raw_sales.assign(sale_date=pd.to_datetime(raw_sales["sale_date"], format="%Y-%m-%d"))
    return cleaned[cleaned["amount"] > 0]


@asset(group_name="sales")
def sales_by_customer(cleaned_sales: pd.DataFrame) -> pd.DataFrame:
    """Revenue and number of sales per customer."""
    return (
        cleaned_sales.groupby("customer_id", as_index=False)
        .agg(amount=("amount", "sum"), sales_count=("sale_id", "count"))
        .sort_values("customer_id")
    )


@asset(group_name="sales")
def top_customers(sales_by_customer: pd.DataFrame) -> pd.DataFrame:
    """The 10 customers with the largest revenue."""
    return sales_by_customer.sort_values(["amount", "customer_id"], ascending=[False, True]).head(10)


def main() -> None:
    input_path, storage = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    result = materialize(
        [raw_sales, cleaned_sales, sales_by_customer, top_customers],
        resources={"io_manager": ParquetIOManager(base_dir=storage)},
        run_config={"ops": {"raw_sales": {"config": {"path": input_path}}}},
    )
    materialize_ms = (time.perf_counter() - started) * 1000
    if not result.success:
        raise SystemExit("the Dagster run failed")
    steps_ms = {}
    for event in result.all_events:
        if event.event_type == DagsterEventType.STEP_SUCCESS:
            steps_ms[event.step_key] = event.event_specific_data.duration_ms
    top = pd.read_parquet(os.path.join(storage, "top_customers.parquet"))
    print(
        json.dumps(
            {
                "import_ms": IMPORT_MS,
                "materialize_ms": materialize_ms,
                "steps_ms": steps_ms,
                "top_customer_ids": top["customer_id"].tolist(),
                "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            }
        ),
        flush=True,
    )
    sys.stderr.flush()
    # Skip interpreter teardown: once in a while a native library's thread aborts the process
    # there ("terminate called without an active exception") after a successful run.
    os._exit(0)


if __name__ == "__main__":
    main()
