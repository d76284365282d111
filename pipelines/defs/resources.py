"""The one resource every Jixiao asset uses: where the raw files, the cache and the warehouse live."""

import os

import dagster as dg

from pipelines.load import DEFAULT_RAW, DEFAULT_WAREHOUSE, LoadConfig


class JixiaoSettings(dg.ConfigurableResource):
    """Paths and knobs of the load (env: JIXIAO_RAW_DIR, JIXIAO_WAREHOUSE, JIXIAO_CACHE_DIR)."""

    raw_dir: str = str(DEFAULT_RAW)
    warehouse: str = str(DEFAULT_WAREHOUSE)
    cache_dir: str | None = None
    workers: int = 2
    accept_shrink: bool = False

    def load_config(self) -> LoadConfig:
        return LoadConfig(raw_dir=self.raw_dir, warehouse=self.warehouse, cache_dir=self.cache_dir,
                          workers=self.workers, accept_shrink=self.accept_shrink)


def default_settings() -> JixiaoSettings:
    return JixiaoSettings(
        raw_dir=os.environ.get("JIXIAO_RAW_DIR", str(DEFAULT_RAW)),
        warehouse=os.environ.get("JIXIAO_WAREHOUSE", str(DEFAULT_WAREHOUSE)),
        cache_dir=os.environ.get("JIXIAO_CACHE_DIR"),
    )
