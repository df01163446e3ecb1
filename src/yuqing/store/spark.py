"""PySpark local mode for Ibis expressions (``pip install yuqing[spark]``): quiet, UTC, small shuffles."""

from __future__ import annotations

from typing import Any


def local_session(cores: int = 1, app_name: str = "yuqing", shuffle_partitions: int = 2) -> Any:
    """A local SparkSession with the console progress bar and UI off and the session zone set to UTC
    (yuqing stores naive UTC timestamps, so epoch seconds must not shift with the machine's zone)."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )


def ibis_backend(session: Any) -> Any:
    """The Ibis PySpark backend on ``session``."""
    import ibis

    return ibis.pyspark.connect(session)
