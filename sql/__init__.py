"""The warehouse's SQL, shipped inside the package as `pipelines.sql`.

pyproject.toml maps this folder to the package `pipelines.sql` (setuptools package-dir) and ships its
*.sql files as package data, so a checkout, an editable install and an installed wheel read the same
files through importlib.resources (pipelines/warehouse/sql_files.py). No Python lives here but this line.
"""
