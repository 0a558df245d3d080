"""The `typescript` output kind: typed bindings over arduino-iot-js, per Thing."""
