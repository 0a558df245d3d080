"""cloudgen: code generation for the Arduino IoT Cloud."""

# Kept equal to the version in pyproject.toml (a test checks it).
__version__ = "0.1.0"
