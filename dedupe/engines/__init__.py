"""Engines that run ``dedupe.pipeline``'s stages somewhere other than this process's pool.

``local`` is ``dedupe.pipeline.scan`` itself; ``dask`` (``dedupe.engines.dask``) maps the same signature,
banding and verification functions over partitions on a Dask cluster. An engine module imports its
cluster library only when a scan runs, so importing it (or ``dedupe --help``) costs nothing.
"""

ENGINES = ("local", "dask")
