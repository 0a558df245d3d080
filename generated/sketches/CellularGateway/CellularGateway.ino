#include "arduino_secrets.h"
/*
  Sketch of the Arduino Cloud Thing "Cellular Gateway"

  Cloud variables, declared in thingProperties.h (cloudgen keeps that file and this
  list in step with the Thing):

    CloudSchedule maintenance;
    CloudPercentage signal;
    CloudCounter reboots;
    CloudInformationContent traffic;
    CloudTime gateway_clock;

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
  Runs when the cloud sends maintenance a new value.
*/
void onMaintenanceChange()  {
  // Add your code here to act on maintenance
}
