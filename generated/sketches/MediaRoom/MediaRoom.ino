#include "arduino_secrets.h"
/*
  Sketch of the Arduino Cloud Thing "Media Room"
  https://app.arduino.cc/things/6d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d

  Cloud variables, declared in thingProperties.h (cloudgen keeps that file and this
  list in step with the Thing):

    CloudTelevision television;
    CloudColoredLight ambientLight;
    CloudDimmedLight readingLamp;
    CloudColor wall_color;
    CloudMotionSensor occupied;
    CloudSchedule movieNight;
    CloudLocation roomLocation;

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
  Runs when the cloud sends television a new value.
*/
void onTelevisionChange()  {
  // Add your code here to act on television
}

/*
  Runs when the cloud sends ambientLight a new value.
*/
void onAmbientLightChange()  {
  // Add your code here to act on ambientLight
}

/*
  Runs when the cloud sends readingLamp a new value.
*/
void onReadingLampChange()  {
  // Add your code here to act on readingLamp
}

/*
  Runs when the cloud sends wall_color a new value.
*/
void onWallColorChange()  {
  // Add your code here to act on wall_color
}

/*
  Runs when the cloud sends movieNight a new value.
*/
void onMovieNightChange()  {
  // Add your code here to act on movieNight
}
