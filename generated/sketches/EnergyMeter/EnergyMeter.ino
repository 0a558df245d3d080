#include "arduino_secrets.h"
/*
  Sketch of the Arduino Cloud Thing "Energy Meter"
  https://app.arduino.cc/things/0f4a2c1e-7b3d-4e5f-8a9b-1c2d3e4f5a6b

  Cloud variables, declared in thingProperties.h (cloudgen keeps that file and this
  list in step with the Thing):

    CloudEnergy energy;
    CloudPower power;
    CloudElectricCurrent current;
    CloudElectricPotential voltage;
    CloudElectricResistance resistance;
    CloudCapacitance capacitance;
    CloudFrequency frequency;
    CloudTime uptime;
    CloudCounter pulses;
    CloudInformationContent logged_bytes;
    CloudDataRate link_rate;
    bool breaker;

  Each READ_WRITE variable has a callback at the end of this file, which runs when
  the cloud sends the variable a new value.
*/

#include "thingProperties.h"

void setup() {
  // Start the serial port and give a serial monitor 1.5 s to attach.
  Serial.begin(9600);
  delay(1500);

  // Defined in thingProperties.h
  initProperties();

  // Connect to the Arduino Cloud.
  ArduinoCloud.begin(ArduinoIoTPreferredConnection);

  // How much the library logs on Serial: 0 (errors only) to 4 (everything).
  setDebugMessageLevel(2);
  ArduinoCloud.printDebugInfo();
}

void loop() {
  ArduinoCloud.update();
  // Your code here

}

/*
  Runs when the cloud sends breaker a new value.
*/
void onBreakerChange()  {
  // Add your code here to act on breaker
}
