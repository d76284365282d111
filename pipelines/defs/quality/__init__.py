"""Quality domain: the asset checks that report the data-quality gate's results on the tables they test.

The checks are check specs of the warehouse publish (pipelines/defs/warehouse/assets.py), which runs the gate
once; see checks.py for which check sits on which table.
"""
from .checks import all_results, check_specs

__all__ = ["all_results", "check_specs"]
