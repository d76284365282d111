"""Decides where the steps of every run execute: in subprocesses of the run (Dagster's default multiprocess
executor), inside the run process itself (JIXIAO_EXECUTOR=in_process: one process less per run, for small
servers and the tests), or, when JIXIAO_CELERY_BROKER is set, on Celery workers (dagster-celery, e.g. a local
Redis broker; `make cluster`, docs/scale.md). The backend defaults to the broker's URL with database 1."""
from __future__ import annotations

import os

import dagster as dg


def celery_config(broker: str | None = None) -> dict | None:
    broker = broker or os.environ.get("JIXIAO_CELERY_BROKER")
    if not broker:
        return None
    backend = os.environ.get("JIXIAO_CELERY_BACKEND") or (broker.rsplit("/", 1)[0] + "/1")
    return {"broker": broker, "backend": backend,
            # one task per worker process at a time: long extractions are not hoarded by a busy worker
            "config_source": {"worker_prefetch_multiplier": 1, "task_acks_late": True}}


def default_executor() -> dg.ExecutorDefinition | None:
    cfg = celery_config()
    if cfg is None:
        return dg.in_process_executor if os.environ.get("JIXIAO_EXECUTOR") == "in_process" else None
    from dagster_celery import celery_executor

    return celery_executor.configured(cfg)
