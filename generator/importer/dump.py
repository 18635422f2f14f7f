"""Write a Record as deterministic, human-editable YAML."""

from __future__ import annotations

from typing import Any

import yaml

from ..model import Record

_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _RecordDumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """Safe dumper (libyaml when present) writing multi-line text as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    if value.is_integer() and abs(value) < 1e15:
        return dumper.represent_int(int(value))
    return yaml.SafeDumper.represent_float(dumper, value)


_RecordDumper.add_representer(str, _represent_str)
_RecordDumper.add_representer(float, _represent_float)


def prune(value: Any) -> Any:
    """Drop None values, empty lists and empty mappings, recursively."""
    if isinstance(value, dict):
        pruned = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if not _is_empty(item)}
    if isinstance(value, list):
        return [prune(item) for item in value]
    return value


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict) and not value)


def dump_record(record: Record) -> str:
    """Return the YAML text of `record` without its results (they go to `results.yaml`)."""
    return _dump(prune(record.model_dump(mode="python", by_alias=True, exclude={"results"})))


def dump_results(record: Record) -> str | None:
    """Return the YAML text of the record's posted results, or None when it has none."""
    if record.results is None:
        return None
    return _dump(prune(record.results.model_dump(mode="python")))


def _dump(data: Any) -> str:
    """Return data as YAML: model key order, block style, no empty values."""
    return yaml.dump(
        data,
        Dumper=_RecordDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100_000,
        indent=2,
    )
