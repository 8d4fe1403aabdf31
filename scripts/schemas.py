"""Writes schemas/*.json: the CloudFormation resource schemas as cfn-lint ships them, and the AWS SAM
resource schemas built from the SAM translator's own schema source.

Run by scripts/refresh-schemas inside a venv that has cfn-lint and aws-sam-translator installed:

    python schemas.py DEST

CloudFormation types: every non-SAM file already in DEST is replaced by cfn-lint's schema of that type
(us-east-1). SAM types: every AWS::Serverless::* type the translator defines gets a file, built from the
pydantic models the translator generates its published schema.json from
(samtranslator/internal/schema_source), held to what the translator's code really rejects:
- Unknown keys are rejected at the top of a resource's and of an event's Properties (the translator's
  Resource.__setattr__: "property X not defined for resource of type Y"); deeper in SAM's own objects
  the code reads the keys it knows and ignores others, so those objects allow any key.
- Pass-through properties (`__samPassThrough`, a path into a CloudFormation type) take the shape of
  that CloudFormation property from cfn-lint's schema: names, types, required keys (as the translator's
  schema takes them from the CloudFormation specification), without the enums, patterns and limits
  cfn-lint adds, which go stale (a new Lambda runtime).
- Where the schema leaves a property untyped (`PassThroughProp`), the type comes from the validator the
  translator checks it with (`property_types` of the resource or event source class, such as
  `"FailOnWarnings": PropertyType(False, IS_BOOL)`): "Type of property 'X' is invalid".
- SOURCE_PATCHES add what the code accepts but the schema does not say, each with its line of code.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

import cfnlint
from samtranslator.internal.schema_source.schema import SamModel, get_schema
from samtranslator.model import ResourceTypeResolver, sam_resources, types

CFN_DATA = Path(os.path.dirname(cfnlint.__file__)) / "data" / "schemas"
SAM_PREFIX = "samtranslator__internal__schema_source__"

# Values the translator accepts beyond its schema, each with the code that says so:
# (SAM type, JSON pointer in the output document, what to do there, source).
SOURCE_PATCHES = [
    (
        "AWS::Serverless::Function",
        "/definitions/AWS::Lambda::EventSourceMapping.OnFailure/properties/Type",
        lambda _: {
            "description": "The type of the destination: SAM adds the policy to send to it, then removes "
            "the key.",
            "enum": ["SQS", "SNS", "S3", "Kafka"],
            "type": "string",
        },
        "samtranslator/model/eventsources/pull.py, PullEventSource.to_cloudformation: "
        "`destination_type = on_failure.get('Type')` ... `del on_failure['Type']`",
    ),
    (
        "AWS::Serverless::Api",
        "/properties/EndpointConfiguration/anyOf",
        lambda branches: branches + [{"type": "string"}],
        "samtranslator/model/api/api_generator.py, ApiGenerator._set_endpoint_configuration: "
        "`value: Union[str, dict[str, Any]]`, a string being the endpoint type",
    ),
]

# Keys of constraints that cfn-lint adds to CloudFormation properties and the translator's schema
# (from the CloudFormation specification) does not have.
CFN_CONSTRAINTS = {"enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems",
                   "maxItems", "uniqueItems", "format"}


# The types whose Properties the translator parses with their schema model (pydantic, unknown keys
# forbidden at every depth): samtranslator/model/sam_resources.py, `validate_before_transform(
# schema_class=...)` and `validate_properties_and_return_model(...)`. Others only check their
# top-level keys (Resource.__setattr__).
MODEL_VALIDATED = {
    "AWS::Serverless::CapacityProvider",
    "AWS::Serverless::GraphQLApi",
    "AWS::Serverless::MicrovmImage",
    "AWS::Serverless::NetworkConnector",
}


# The translator's validators of one JSON type (samtranslator/model/types.py).
VALIDATOR_TYPES = {
    id(types.IS_DICT): "object",
    id(types.IS_STR): "string",
    id(types.IS_BOOL): "boolean",
    id(types.IS_LIST): "array",
    id(types.IS_INT): "integer",
}


def validator_types(validator: Any) -> list[str] | None:
    """The JSON types a translator validator accepts; `None` when it accepts any (or cannot tell)."""
    if id(validator) in VALIDATOR_TYPES:
        return [VALIDATOR_TYPES[id(validator)]]
    owner = getattr(validator, "__qualname__", "").split(".")[0]
    cells = [cell.cell_contents for cell in getattr(validator, "__closure__", None) or ()]
    if owner == "list_of":
        return ["array"]
    if owner == "dict_of":
        return ["object"]
    if owner == "one_of" and cells and isinstance(cells[0], tuple):
        accepted: list[str] = []
        for inner in cells[0]:
            inner_types = validator_types(inner)
            if inner_types is None:
                return None
            accepted += [t for t in inner_types if t not in accepted]
        return accepted
    return None


def translator_classes() -> dict[str, Any]:
    """The translator's class of each SAM resource type (`resource_type` -> class)."""
    return {
        cls.resource_type: cls
        for cls in vars(sam_resources).values()
        if isinstance(cls, type) and isinstance(getattr(cls, "resource_type", None), str)
        and cls.resource_type.startswith("AWS::Serverless::") and hasattr(cls, "property_types")
    }


def add_validator_types(schema: dict[str, Any], cls: Any) -> None:
    """Types each untyped property of an object schema by the validator of `cls.property_types`."""
    for name, prop in schema.get("properties", {}).items():
        if "type" in prop or "anyOf" in prop or ("allOf" in prop and model_ref(prop) != "#/definitions/PassThroughProp"):
            continue
        prop_type = cls.property_types.get(name)
        accepted = validator_types(getattr(prop_type, "validate", None)) if prop_type else None
        if accepted:
            prop["type"] = accepted[0] if len(accepted) == 1 else accepted


def definition_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def model_ref(schema: dict[str, Any]) -> str | None:
    """The definition a property's schema is, written `{$ref}` or, with a description, `{allOf: [{$ref}]}`."""
    if "$ref" in schema:
        return schema["$ref"]
    branches = schema.get("allOf", [])
    return branches[0].get("$ref") if len(branches) == 1 else None


def file_name(type_name: str) -> str:
    return type_name.lower().replace("::", "-") + ".json"


def cfn_schema_path(type_name: str) -> Path | None:
    """cfn-lint's schema file of a type, in either layout it has shipped."""
    name = file_name(type_name)
    # One file per type under a region folder.
    for folder in ("us_east_1", "us-east-1"):
        candidate = CFN_DATA / "providers" / folder / name
        if candidate.is_file():
            return candidate
    # A region index mapping type names to content-addressed files.
    index = CFN_DATA / "providers" / "us-east-1.json"
    if index.is_file():
        entry = json.loads(index.read_text()).get(type_name)
        if isinstance(entry, str) and (CFN_DATA / "resources" / f"{entry}.json").is_file():
            return CFN_DATA / "resources" / f"{entry}.json"
    return None


_CFN_CACHE: dict[str, dict[str, Any] | None] = {}


def cfn_schema(type_name: str) -> dict[str, Any] | None:
    if type_name not in _CFN_CACHE:
        path = cfn_schema_path(type_name)
        _CFN_CACHE[type_name] = json.loads(path.read_text()) if path else None
    return _CFN_CACHE[type_name]


def walk(node: Any, visit) -> Any:
    """Rebuilds a JSON value bottom-up, each object passed through `visit`."""
    if isinstance(node, dict):
        return visit({key: walk(value, visit) for key, value in node.items()})
    if isinstance(node, list):
        return [walk(item, visit) for item in node]
    return node


class SamResource:
    """One AWS::Serverless::* type's schema, gathered from the translator's definitions."""

    def __init__(self, type_name: str, sam: dict[str, Any], properties_ref: str):
        self.type_name = type_name
        self.sam_definitions = sam["definitions"]
        self.definitions: dict[str, Any] = {}
        self.names: dict[str, str] = {}
        # The objects whose unknown keys the translator rejects: this type's Properties and every
        # event's (an event definition is `{Type: <one name>, Properties: <model>}`), or all of
        # them where the translator validates the resource with its model.
        self.strict_everywhere = type_name in MODEL_VALIDATED
        # Each event's Properties definition, with the event type that has it.
        self.event_types = {
            definition_name(model_ref(definition["properties"]["Properties"])): definition["properties"]["Type"]["enum"][0]
            for definition in self.sam_definitions.values()
            if len(definition.get("properties", {}).get("Type", {}).get("enum", [])) == 1
            and model_ref(definition.get("properties", {}).get("Properties", {}))
        }
        self.strict = {definition_name(properties_ref)} | set(self.event_types)
        self.translator_class = translator_classes().get(type_name)
        properties = self.sam_definitions[definition_name(properties_ref)]
        self.root = self.convert(properties)
        if self.translator_class is not None:
            add_validator_types(self.root, self.translator_class)

    def short_name(self, name: str) -> str:
        """`samtranslator__internal__schema_source__aws_serverless_function__ApiEvent` -> `ApiEvent`
        when no other definition of this type has that name."""
        if name in self.names:
            return self.names[name]
        short = name.rsplit("__", 1)[-1] if name.startswith(SAM_PREFIX) else name
        if short in self.names.values() or (short != name and short in self.sam_definitions):
            short = name
        self.names[name] = short
        return short

    def convert(self, node: Any) -> Any:
        def visit(obj: dict[str, Any]) -> Any:
            if "__samPassThrough" in obj:
                return self.pass_through(obj)
            ref = obj.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                obj = dict(obj, **{"$ref": "#/definitions/" + self.sam_definition(ref.split("/")[-1])})
            if "markdownDescription" in obj:
                obj = dict(obj)
                description = obj.pop("markdownDescription")
                obj.setdefault("description", description)
            obj.pop("title", None)
            return obj

        return walk(node, visit)

    def sam_definition(self, name: str) -> str:
        short = self.short_name(name)
        if short not in self.definitions:
            self.definitions[short] = {}  # claimed first: definitions may refer to themselves
            definition = self.convert(self.sam_definitions[name])
            if not self.strict_everywhere and name not in self.strict:
                definition.pop("additionalProperties", None)
            resolver = getattr(self.translator_class, "event_resolver", None)
            if name in self.event_types and isinstance(resolver, ResourceTypeResolver):
                event_class = resolver.resource_types.get(self.event_types[name])
                if event_class is not None:
                    add_validator_types(definition, event_class)
            self.definitions[short] = definition
        return short

    def pass_through(self, obj: dict[str, Any]) -> dict[str, Any]:
        """The CloudFormation property a pass-through names, its definitions copied in as
        `<Type>.<Definition>` (cfn-lint's naming), with SAM's description."""
        path = obj["__samPassThrough"]["schemaPath"]
        description = obj["__samPassThrough"]["markdownDescriptionOverride"]
        # ["definitions", "AWS::Lambda::EventSourceMapping", "properties", "Properties", "properties", "X", ...]
        type_name, keys = path[1], path[5::2]
        schema = cfn_schema(type_name)
        target = schema
        for key in keys:
            target = (target or {}).get("properties", {}).get(key)
        if target is None:
            return {"description": description}
        resolved = self.cfn_copy(type_name, target)
        resolved["description"] = description
        return resolved

    def cfn_copy(self, type_name: str, node: Any) -> Any:
        schema = cfn_schema(type_name)

        def visit(obj: dict[str, Any]) -> Any:
            ref = obj.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                name = f"{type_name}.{ref.split('/')[-1]}"
                if name not in self.definitions:
                    self.definitions[name] = {}
                    self.definitions[name] = self.cfn_copy(type_name, schema["definitions"][ref.split("/")[-1]])
                obj = dict(obj, **{"$ref": f"#/definitions/{name}"})
            return {key: value for key, value in obj.items() if key not in CFN_CONSTRAINTS}

        return walk(copy.deepcopy(node), visit)

    def document(self) -> dict[str, Any]:
        root = self.root
        document = {
            "typeName": self.type_name,
            "additionalProperties": root.get("additionalProperties", False),
            "properties": root.get("properties", {}),
            "definitions": dict(sorted(self.definitions.items())),
        }
        if root.get("required"):
            document["required"] = root["required"]
        return document


def sam_documents() -> dict[str, dict[str, Any]]:
    sam = get_schema(SamModel)
    documents = {}
    for name, definition in sam["definitions"].items():
        if not name.endswith("__Resource"):
            continue
        type_enum = definition.get("properties", {}).get("Type", {}).get("enum", [])
        properties_ref = definition.get("properties", {}).get("Properties", {}).get("$ref")
        if len(type_enum) != 1 or not type_enum[0].startswith("AWS::Serverless::") or not properties_ref:
            continue
        documents[type_enum[0]] = SamResource(type_enum[0], sam, properties_ref).document()
    for type_name, pointer, change, source in SOURCE_PATCHES:
        *parents, key = [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]
        target = documents[type_name]
        for part in parents:
            target = target.get(part) if isinstance(target, dict) else None
            if target is None:
                raise SystemExit(f"schemas.py: {type_name} has no {pointer} to patch ({source})")
        target[key] = change(target.get(key))
    return documents


def main() -> None:
    dest = Path(sys.argv[1])
    written = {}
    for path in sorted(dest.glob("*.json")):
        if path.name.startswith("aws-serverless-"):
            continue
        type_name = json.loads(path.read_text())["typeName"]
        source = cfn_schema_path(type_name)
        if source is None:
            raise SystemExit(f"schemas.py: cfn-lint has no schema of {type_name}")
        written[path.name] = source.read_text()
    for type_name, document in sam_documents().items():
        written[file_name(type_name)] = json.dumps(document, indent=2, sort_keys=True) + "\n"
    for old in dest.glob("aws-serverless-*.json"):
        if old.name not in written:
            old.unlink()
            print(f"removed {old.name}", file=sys.stderr)
    changed = 0
    for name, text in written.items():
        path = dest / name
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
            changed += 1
            print(f"updated {name}", file=sys.stderr)
    print(f"{changed} of {len(written)} schemas written", file=sys.stderr)


if __name__ == "__main__":
    main()
