"""Zoom's OpenAPI descriptions (tests/fakes/specs/zoom/), loaded to check what the platform sends
to the fake Zoom: request bodies and parameters against the documented schemas."""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

# Kept in the repository (unchanged public copies, see their README) so a fresh clone has them;
# ZOOM_SPEC_DIR points elsewhere, e.g. at newer copies being tried out.
SPEC_DIR = Path(os.environ.get("ZOOM_SPEC_DIR") or Path(__file__).resolve().parent / "specs" / "zoom")
BALLERINA_FILE = "ballerina-zoom-openapi.yaml"
ZOOM_V2_FILE = "zoom-api-openapi.v2.json"
BALLERINA_URI = "urn:zoom:ballerina"
ZOOM_V2_URI = "urn:zoom:v2"

# --- the OpenAPI descriptions -----------------------------------------------------------------

# Erratum 2 in specs/zoom/README.md: local time without an offset is also a date-time.
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        return False
    datetime.fromisoformat(value)
    return True


@FORMATS.checks("int64")
def _is_int64(value: object) -> bool:
    return not isinstance(value, int) or -(2**63) <= value < 2**63


@FORMATS.checks("email")
def _is_email(value: object) -> bool:
    return not isinstance(value, str) or "@" in value


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    parameters: tuple[dict[str, Any], ...]
    body_schema: str | None  # a $ref into the registry
    body_required: bool


class ZoomSpec:
    """Request and response rules for the operations the fake serves."""

    def __init__(self, spec_dir: Path = SPEC_DIR) -> None:
        try:
            ballerina = yaml.load((spec_dir / BALLERINA_FILE).read_text("utf-8"), Loader=yaml.CSafeLoader)
            zoom_v2 = json.loads((spec_dir / ZOOM_V2_FILE).read_text("utf-8"))
        except FileNotFoundError as exc:
            raise FileNotFoundError(
                f"Zoom's OpenAPI descriptions are not in {spec_dir}: restore tests/fakes/specs/zoom/ "
                "or point ZOOM_SPEC_DIR at them."
            ) from exc
        # Erratum 1: weekly_days is a comma-separated list of days, not one day.
        ballerina["components"]["schemas"]["ReccurenceDetails"]["properties"]["weekly_days"] = {
            "type": "string",
            "pattern": "^[1-7](,[1-7])*$",
            "default": "1",
        }
        self._docs = {BALLERINA_URI: ballerina, ZOOM_V2_URI: zoom_v2}
        self._registry = Registry().with_resources(
            (uri, DRAFT4.create_resource(document)) for uri, document in self._docs.items()
        )

    def _locate(self, template: str) -> tuple[str, dict[str, Any]]:
        # Ballerina's description first; the older zoom/api one for paths it lacks.
        for uri in (BALLERINA_URI, ZOOM_V2_URI):
            path_item = self._docs[uri]["paths"].get(template)
            if path_item:
                return uri, path_item
        raise KeyError(template)

    @functools.cache
    def operation(self, method: str, template: str) -> Operation:
        uri, path_item = self._locate(template)
        document = self._docs[uri]
        op = path_item[method.lower()]
        parameters = []
        for parameter in [*path_item.get("parameters", []), *op.get("parameters", [])]:
            if "$ref" in parameter:
                parameter = document["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
            if "schema" not in parameter:
                # Swagger 2.0 keeps the schema keywords on the parameter itself.
                keywords = ("type", "format", "enum", "default", "minimum", "maximum", "pattern", "maxLength", "items")
                parameter = {**parameter, "schema": {key: parameter[key] for key in keywords if key in parameter}}
            parameters.append(parameter)
        body_schema = None
        body = op.get("requestBody")
        if body:
            pointer = _pointer(
                "paths", template, method.lower(), "requestBody", "content", "application/json", "schema"
            )
            body_schema = f"{uri}#{pointer}"
        return Operation(method, template, tuple(parameters), body_schema, bool(body and body.get("required")))

    def response_schema(self, method: str, template: str, status: int) -> str:
        uri, _ = self._locate(template)
        parts = ["paths", template, method.lower(), "responses", str(status)]
        parts += ["content", "application/json", "schema"] if uri == BALLERINA_URI else ["schema"]
        return f"{uri}#{_pointer(*parts)}"

    @functools.cache
    def _validator(self, ref: str) -> Draft4Validator:
        return Draft4Validator({"$ref": ref}, registry=self._registry, format_checker=FORMATS)

    def errors(self, ref: str, instance: Any, prefix: str = "") -> list[dict[str, str]]:
        """Zoom-style {"field", "message"} for each way `instance` breaks the schema at `ref`."""
        found = sorted(self._validator(ref).iter_errors(instance), key=lambda error: list(error.absolute_path))
        return [
            {"field": ".".join([prefix, *map(str, error.absolute_path)]).strip("."), "message": error.message}
            for error in found
        ]

    def parameter_errors(self, op: Operation, values: dict[str, str], where: str) -> list[dict[str, str]]:
        """Check the path or query parameters; unknown ones are ignored, as Zoom does."""
        problems = []
        for parameter in op.parameters:
            if parameter["in"] != where:
                continue
            name, schema = parameter["name"], parameter["schema"]
            if name not in values:
                if parameter.get("required"):
                    problems.append({"field": name, "message": "Required parameter is missing."})
                continue
            raw, value = values[name], values[name]
            kind = schema.get("type")
            if kind == "integer" and re.fullmatch(r"-?\d+", raw):
                value = int(raw)
            elif kind == "boolean" and raw in ("true", "false"):
                value = raw == "true"
            elif kind in ("integer", "boolean"):
                problems.append({"field": name, "message": f"{raw!r} is not a valid {kind}."})
                continue
            for error in Draft4Validator(schema, format_checker=FORMATS).iter_errors(value):
                problems.append({"field": name, "message": error.message})
        return problems


@functools.cache
def load_spec(spec_dir: Path = SPEC_DIR) -> ZoomSpec:
    return ZoomSpec(spec_dir)
