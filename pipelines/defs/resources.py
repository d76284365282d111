"""The one resource every Jixiao asset and sensor uses: where the raw files, the cache, the warehouse and the
outcome log live, and where outcomes are posted (env: JIXIAO_RAW_DIR, JIXIAO_WAREHOUSE, JIXIAO_CACHE_DIR,
JIXIAO_OUTCOME_LOG, JIXIAO_WEBHOOK_URL)."""

import os

import dagster as dg

from pipelines.settings import DEFAULT_RAW, DEFAULT_WAREHOUSE, Settings


class JixiaoSettings(dg.ConfigurableResource):
    """Paths and knobs of the load and of the outcome reports."""

    raw_dir: str = str(DEFAULT_RAW)
    warehouse: str = str(DEFAULT_WAREHOUSE)
    cache_dir: str | None = None
    workers: int = 2
    accept_shrink: bool = False
    ocr: str = "auto"                  # OCR of PDF pages: never | auto (pages without a text layer) | always
    outcome_log: str | None = None     # None: outcomes.log next to the warehouse
    webhook_url: str | None = None

    def load_config(self) -> Settings:
        return Settings.from_env(raw_dir=self.raw_dir, warehouse=self.warehouse, cache_dir=self.cache_dir,
                                 workers=self.workers, accept_shrink=self.accept_shrink, ocr=self.ocr)


def default_settings() -> JixiaoSettings:
    return JixiaoSettings(
        raw_dir=os.environ.get("JIXIAO_RAW_DIR", str(DEFAULT_RAW)),
        warehouse=os.environ.get("JIXIAO_WAREHOUSE", str(DEFAULT_WAREHOUSE)),
        cache_dir=os.environ.get("JIXIAO_CACHE_DIR"),
        workers=int(os.environ.get("JIXIAO_WORKERS", "2")),
        outcome_log=os.environ.get("JIXIAO_OUTCOME_LOG"),
        webhook_url=os.environ.get("JIXIAO_WEBHOOK_URL") or None,
    )
