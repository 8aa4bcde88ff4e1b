"""kg: newspaper issues → a knowledge graph of enterprises, officials, bodies, places, projects and programs."""

__version__ = "0.1.0"
# Bump when extraction or resolution changes what a build produces: cached per-article results are keyed on it.
PIPELINE_VERSION = "1"
