"""Validate YAML data against a content model, turning every problem into a located error."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import ContentError
from .yamlfile import Location, YamlDocument

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate(
    document: YamlDocument, model: type[ModelT]
) -> tuple[ModelT | None, list[ContentError]]:
    """Return the validated model, or None and one ContentError per bad field."""
    if not isinstance(document.data, dict):
        kind = "empty" if document.data is None else f"a {type(document.data).__name__}"
        error = ContentError(
            f"expected a mapping of keys to values, the file is {kind}", document.path, 1
        )
        return None, [error]
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        return None, [_located(document, model, detail) for detail in exc.errors()]


def error_where(model: type[BaseModel], detail: ErrorDetails) -> tuple[str, str | None]:
    """Return the message and dotted field of one pydantic error, worded as `check` words it."""
    location = _data_location(detail["loc"])
    where = ".".join(str(part) for part in location) or None
    return _message(model, detail, location), where


def _located(document: YamlDocument, model: type[BaseModel], detail: ErrorDetails) -> ContentError:
    location = _data_location(detail["loc"])
    error = document.error(location, _message(model, detail, location))
    if detail["type"] == "missing" and len(location) == 1:
        error.source_line = None  # line 1 is where the file starts, not where the key is missing
    return error


def _data_location(loc: tuple[int | str, ...]) -> Location:
    # pydantic adds the member tried for a union ("function-after[...]", "literal[...]",
    # "str") to the location; those are not keys of the YAML file.
    return tuple(part for part in loc if isinstance(part, int) or not _is_union_tag(part))


def _is_union_tag(part: str) -> bool:
    return "[" in part or part in {"str", "int", "float", "bool", "list", "dict", "none"}


def _message(model: type[BaseModel], detail: ErrorDetails, location: Location) -> str:
    kind = detail["type"]
    got = detail.get("input")
    if kind == "extra_forbidden":
        return _unknown_key_message(model, location)
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {_show(got)}"
    if kind == "string_pattern_mismatch" and location and location[-1] == "nct_id":
        return f'expected an NCT id such as "NCT03562065", got {_show(got)}'
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing"):
        # Strict numbers (issue 16): `true`, 48.0 or "48" where a count goes is refused.
        noun = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {noun}, got {_show(got)}"
    message = str(detail["msg"]).removeprefix("Value error, ")
    if kind == "value_error":
        return message
    return f"{message[0].lower()}{message[1:]}, got {_show(got)}"


def _unknown_key_message(model: type[BaseModel], location: Location) -> str:
    key = str(location[-1]) if location else "?"
    allowed = _allowed_keys(model, location[:-1])
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f'unknown key "{key}"{hint}'


def _allowed_keys(model: type[BaseModel], parent: Location) -> list[str]:
    current: Any = model
    for part in parent:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if not hasattr(current, "model_fields"):
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _inner_model(annotation: Any) -> Any:
    for candidate in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(candidate)
        if found is not None:
            return found
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict | list):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    return repr(value)
