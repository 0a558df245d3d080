#include "arduino_secrets.h"
/*
  Sketch of the Arduino Cloud Thing "Field Sensor"
  https://app.arduino.cc/things/9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b

  Cloud variables, declared in thingProperties.h (cloudgen keeps that file and this
  list in step with the Thing):

    CloudTemperature soil_temperature;
    CloudPressure pressure;
    CloudPercentage battery;
    int rain_count;
    bool valve;
    float sample_rate;

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
  Runs when the cloud sends valve a new value.
*/
void onValveChange()  {
  // Add your code here to act on valve
}

/*
  Runs when the cloud sends sample_rate a new value.
*/
void onSampleRateChange()  {
  // Add your code here to act on sample_rate
}
