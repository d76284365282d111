"""Package list for setuptools (everything else is in pyproject.toml).

pyproject.toml cannot both discover packages and add some from another folder, so discovery is here:
every package under pipelines/, plus `pipelines.sql` and its folders (ddl, views, examples …), which
pyproject's package-dir maps to the top-level sql/ folder so that an installed wheel reads the SQL via
importlib.resources (pipelines/warehouse/sql_files.py).
"""
from setuptools import find_namespace_packages, find_packages, setup

sql = ["pipelines.sql", *(f"pipelines.sql.{p}" for p in find_namespace_packages(where="sql", exclude=["__pycache__*"]))]
setup(packages=[*find_packages(include=["pipelines", "pipelines.*"]), *sql])
