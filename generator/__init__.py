"""cloudgen: code generation for the Arduino IoT Cloud."""
