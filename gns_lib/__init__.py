"""gns_lib: the yearly financial analysis of a Swedish gemensam nämnd."""

import sys

__version__ = "0.1.0"

# jsonschema (imported by nbformat, plotly.io and papermill) builds a Lark grammar for
# its optional `iri` format checker at import: ~1 s in every process and notebook
# kernel. Nothing here validates `iri` formats, so that optional import is skipped.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)
