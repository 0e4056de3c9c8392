"""Validates a JSON document against a JSON schema: validate.py SCHEMA DOCUMENT. Exit 0 valid, 1 invalid, 3 no jsonschema."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed (pip install jsonschema, or apt-get install python3-jsonschema)")
    sys.exit(3)

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    document = json.load(f)
validator = jsonschema.Draft7Validator(schema)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
for e in errors:
    print("/".join(str(p) for p in e.absolute_path) or "(root)", ":", e.message)
print("valid" if not errors else f"{len(errors)} schema errors")
sys.exit(1 if errors else 0)
