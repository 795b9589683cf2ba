"""Scale out: every core of one machine (``local``) and Apache Spark (``spark``).

Both paths call the same engine-neutral shard function,
:func:`dateline.scale.shard.process_shard`: articles in, contract records out.
"""

from __future__ import annotations

from dateline.scale.local import done_ids, extract_parallel, extract_to_file
from dateline.scale.shard import cached_pipeline, process_shard

__all__ = ["cached_pipeline", "done_ids", "extract_parallel", "extract_to_file", "process_shard"]
