#include "arduino_secrets.h"
/*
  Sketch of the Arduino Cloud Thing "Smart Home"

  Cloud variables, declared in thingProperties.h (cloudgen keeps that file and this
  list in step with the Thing):

    CloudSwitch hallSwitch;
    CloudLight porchLight;
    CloudDimmedLight bedroomLamp;
    CloudContactSensor door;
    CloudMotionSensor motion;
    CloudSmartPlug coffee_plug;
    CloudTemperatureSensor living_room_c;
    CloudTemperatureSensor living_room_f;
    CloudSwitch gardenSwitch;
    CloudSchedule heating_times;

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
  Runs when the cloud sends hallSwitch a new value.
*/
void onHallSwitchChange()  {
  // Add your code here to act on hallSwitch
}

/*
  Runs when the cloud sends porchLight a new value.
*/
void onPorchLightChange()  {
  // Add your code here to act on porchLight
}

/*
  Runs when the cloud sends bedroomLamp a new value.
*/
void onBedroomLampChange()  {
  // Add your code here to act on bedroomLamp
}

/*
  Runs when the cloud sends coffee_plug a new value.
*/
void onCoffeePlugChange()  {
  // Add your code here to act on coffee_plug
}

/*
  Runs when the cloud sends gardenSwitch a new value.
*/
void onGardenSwitchChange()  {
  // Add your code here to act on gardenSwitch
}

/*
  Runs when the cloud sends heating_times a new value.
*/
void onHeatingTimesChange()  {
  // Add your code here to act on heating_times
}
