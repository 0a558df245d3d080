#include "arduino_secrets.h"
/*
  Sketch of the Arduino Cloud Thing "Remote Lab"

  Cloud variables, declared in thingProperties.h (cloudgen keeps that file and this
  list in step with the Thing):

    CloudIlluminance illuminance;
    CloudLuminousFlux luminous_flux;
    CloudLuminance luminance;
    CloudLuminousIntensity luminous_intensity;
    CloudHeartRate operator_pulse;
    bool shutter;

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
  Runs when the cloud sends shutter a new value.
*/
void onShutterChange()  {
  // Add your code here to act on shutter
}
