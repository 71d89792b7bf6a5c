"""Bodies of the worker processes of the jobs test (importable by name, as the spawn start method needs)."""

from __future__ import annotations

from typing import Any

from smartthings_client import RedisTokenStore

from .. import readme_webhook
from ..children import wait_for_release


def work(redis_url: str, base_url: str, go: Any, results: Any) -> None:
    """Run jobs from the shared queue until it is empty; report how many this process ran."""
    store = RedisTokenStore.from_url(redis_url)
    wait_for_release(results, go)
    results.put(readme_webhook.run_jobs(store, base_url=base_url, max_retries=0))
