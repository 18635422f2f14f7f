"""Machine-readable downloads of each trial: `data/<NCT id>.json`, `.yaml` and `.fhir.json`."""

from __future__ import annotations

import json
from typing import Any

from ..model import Record
from .fhir import research_study
from .yamltext import dump_yaml


def record_data(record: Record) -> dict[str, Any]:
    """Return the record as plain data, with the same keys as `record.yaml`."""
    return record.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)


def data_files(record: Record) -> dict[str, bytes]:
    """Return the download files of one record, keyed by their path under the site root."""
    data = record_data(record)
    nct_id = record.nct_id
    return {
        f"data/{nct_id}.json": _json(data),
        f"data/{nct_id}.yaml": dump_yaml(data).encode("utf-8"),
        f"data/{nct_id}.fhir.json": _json(research_study(record)),
    }


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
