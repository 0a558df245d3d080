// Runs a generated module (compiled to CommonJS) on the real arduino-iot-js for a test:
// commands come in on stdin and events go out on stdout, one JSON object a line.
//   node --require ./localhost.cjs driver.cjs MODULE.js CLASS PORT  (token in CLOUDGEN_TEST_TOKEN)
"use strict";
const readline = require("readline");
const [modulePath, className, port] = process.argv.slice(2);
const bindings = require(modulePath);
const Thing = bindings[className];

function emit(event) {
  process.stdout.write(JSON.stringify(event) + "\n");
}

// typeof of a value, and of each attribute of a multi-value type's object
function typeOf(value) {
  if (typeof value !== "object" || value === null) return typeof value;
  const types = {};
  for (const key of Object.keys(value)) types[key] = typeof value[key];
  return types;
}

function subscribe(thing, name) {
  thing.onValue(name, (value) => emit({ event: "value", name, value, type: typeOf(value) }));
}

async function run(thing, command) {
  if (command.op === "send") await thing.send(command.name, command.value);
  else if (command.op === "subscribe") subscribe(thing, command.name);
  else throw new Error(`unknown command ${command.op}`);
}

async function main() {
  const options = { token: process.env.CLOUDGEN_TEST_TOKEN, host: "localhost", port: Number(port) };
  const thing = await Thing.connect(options);
  thing.onInvalidValue((name, value) => emit({ event: "invalid", name, value }));
  for (const name of bindings.VARIABLES) subscribe(thing, name);
  emit({ event: "connected", thingId: thing.thingId });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    try {
      await run(thing, command);
      emit({ event: "done", id: command.id });
    } catch (error) {
      emit({ event: "failed", id: command.id, error: error.constructor.name, message: error.message });
    }
  }
  await thing.disconnect();
}

main().then(
  () => process.exit(0),
  (error) => {
    emit({ event: "fatal", message: String(error) });
    process.exit(1);
  },
);
