"""Machine-readable downloads of each trial: `data/<NCT id>.json`, `.yaml` and `.fhir.json`."""

from __future__ import annotations

import json
import logging
from typing import Any

import yaml

from ..model import Record
from .fhir import research_study

logger = logging.getLogger(__name__)
# libyaml's emitter is about ten times faster than PyYAML's, which matters at 1,000 trials.
DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def record_data(record: Record) -> dict[str, Any]:
    """Return the record as plain data, with the same keys as `record.yaml`."""
    return record.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)


def data_files(record: Record) -> dict[str, bytes]:
    """Return the download files of one record, keyed by their path under the site root."""
    data = record_data(record)
    nct_id = record.nct_id
    return {
        f"data/{nct_id}.json": _json(data),
        f"data/{nct_id}.yaml": yaml.dump(
            data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100
        ).encode("utf-8"),
        f"data/{nct_id}.fhir.json": _json(research_study(record)),
    }


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
