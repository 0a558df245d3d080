// Host stand-in for the ArduinoIoTCloud 2.x API surface that thingProperties.h uses:
// the cloud variable types, both addProperty forms, permissions, update policies and the
// board-id calls. Written from cloudgen's reference sheets for `g++ -fsyntax-only`.
#pragma once

#include <Arduino.h>
#include <Arduino_ConnectionHandler.h>

// ---- properties and cloud variable types ----

class Property {
 public:
  virtual ~Property() {}
  Property &onUpdate(void (*callback)(void));
  Property &onSync(void (*policy)(Property &));
  Property &publishOnChange(float min_delta, unsigned long min_interval_ms = 500);
  Property &publishEvery(unsigned long seconds);
};

void MOST_RECENT_WINS(Property &property);
void CLOUD_WINS(Property &property);
void DEVICE_WINS(Property &property);

template <typename T>
class CloudWrapper : public Property {
 public:
  CloudWrapper &operator=(T value) { value_ = value; return *this; }
  operator T() const { return value_; }

 private:
  T value_ = T();
};

class CloudBool : public CloudWrapper<bool> {};
class CloudInt : public CloudWrapper<int> {};
class CloudUnsignedInt : public CloudWrapper<unsigned int> {};
class CloudFloat : public CloudWrapper<float> {};

#define CLOUDGEN_HOST_FLOAT_TYPE(name) class name : public CloudFloat {};
CLOUDGEN_HOST_FLOAT_TYPE(CloudTemperature)
CLOUDGEN_HOST_FLOAT_TYPE(CloudEnergy)
CLOUDGEN_HOST_FLOAT_TYPE(CloudForce)
CLOUDGEN_HOST_FLOAT_TYPE(CloudPower)
CLOUDGEN_HOST_FLOAT_TYPE(CloudElectricCurrent)
CLOUDGEN_HOST_FLOAT_TYPE(CloudElectricPotential)
CLOUDGEN_HOST_FLOAT_TYPE(CloudElectricResistance)
CLOUDGEN_HOST_FLOAT_TYPE(CloudCapacitance)
CLOUDGEN_HOST_FLOAT_TYPE(CloudFrequency)
CLOUDGEN_HOST_FLOAT_TYPE(CloudDataRate)
CLOUDGEN_HOST_FLOAT_TYPE(CloudAcceleration)
CLOUDGEN_HOST_FLOAT_TYPE(CloudArea)
CLOUDGEN_HOST_FLOAT_TYPE(CloudLength)
CLOUDGEN_HOST_FLOAT_TYPE(CloudVelocity)
CLOUDGEN_HOST_FLOAT_TYPE(CloudMass)
CLOUDGEN_HOST_FLOAT_TYPE(CloudVolume)
CLOUDGEN_HOST_FLOAT_TYPE(CloudFlowRate)
CLOUDGEN_HOST_FLOAT_TYPE(CloudAngle)
CLOUDGEN_HOST_FLOAT_TYPE(CloudIlluminance)
CLOUDGEN_HOST_FLOAT_TYPE(CloudLuminousFlux)
CLOUDGEN_HOST_FLOAT_TYPE(CloudLuminance)
CLOUDGEN_HOST_FLOAT_TYPE(CloudLuminousIntensity)
CLOUDGEN_HOST_FLOAT_TYPE(CloudLogarithmicQuantity)
CLOUDGEN_HOST_FLOAT_TYPE(CloudPressure)
CLOUDGEN_HOST_FLOAT_TYPE(CloudPercentage)
CLOUDGEN_HOST_FLOAT_TYPE(CloudRelativeHumidity)
CLOUDGEN_HOST_FLOAT_TYPE(CloudHeartRate)
CLOUDGEN_HOST_FLOAT_TYPE(CloudTemperatureSensor)
#undef CLOUDGEN_HOST_FLOAT_TYPE

class CloudTime : public CloudUnsignedInt {};
class CloudInformationContent : public CloudInt {};
class CloudCounter : public CloudInt {};

class CloudSwitch : public CloudBool {};
class CloudLight : public CloudBool {};
class CloudContactSensor : public CloudBool {};
class CloudMotionSensor : public CloudBool {};
class CloudSmartPlug : public CloudBool {};

class CloudLocation : public Property {
 public:
  float lat = 0, lon = 0;
};
class CloudColor : public Property {
 public:
  float hue = 0, sat = 0, bri = 0;
};
class CloudSchedule : public Property {
 public:
  unsigned int frm = 0, to = 0, len = 0, msk = 0;
  bool isActive();
};
class CloudDimmedLight : public Property {
 public:
  bool swi = false;
  float bri = 0;
};
class CloudColoredLight : public Property {
 public:
  bool swi = false;
  float hue = 0, sat = 0, bri = 0;
};
class CloudTelevision : public Property {
 public:
  bool swi = false, mut = false;
  int vol = 0, pbc = 0, inp = 0, cha = 0;
};

// ---- permissions and update policies ----

enum permissionType { READ = 0x01, WRITE = 0x02, READWRITE = 0x03 };
enum class Permission { Read, Write, ReadWrite };

static long const ON_CHANGE = -1;
static long const SECONDS = 1;
static long const MINUTES = 60;
static long const HOURS = 3600;
static long const DAYS = 86400;

typedef void (*CallbackFunc)(void);
typedef void (*SyncFunc)(Property &);

// ---- the cloud object ----

#define CLOUDGEN_LEGACY __attribute__((deprecated("use the Permission:: form")))

class ArduinoIoTCloudClass {
 public:
  int begin(ConnectionHandler &connection, bool enable_watchdog = true);
  void update();
  void printDebugInfo();
  void setThingId(const char *thing_id);
#ifdef BOARD_HAS_SECRET_KEY
  void setBoardId(const char *device_id);
  void setSecretDeviceKey(const char *password);
#endif

  // Fluent form: addProperty(var, Permission::…).onUpdate(…).publishOnChange(…)
  Property &addPropertyReal(Property &property, String name, Permission permission);
  Property &addPropertyReal(bool &property, String name, Permission permission);
  Property &addPropertyReal(int &property, String name, Permission permission);
  Property &addPropertyReal(unsigned int &property, String name, Permission permission);
  Property &addPropertyReal(float &property, String name, Permission permission);
  Property &addPropertyReal(String &property, String name, Permission permission);

  // Legacy form, as the Cloud editor emits it.
  CLOUDGEN_LEGACY void addPropertyReal(Property &property, String name, permissionType permission,
                                       long seconds = ON_CHANGE, CallbackFunc callback = NULL,
                                       float min_delta = 0.0f, SyncFunc sync = CLOUD_WINS);
  CLOUDGEN_LEGACY void addPropertyReal(bool &property, String name, permissionType permission,
                                       long seconds = ON_CHANGE, CallbackFunc callback = NULL,
                                       float min_delta = 0.0f, SyncFunc sync = CLOUD_WINS);
  CLOUDGEN_LEGACY void addPropertyReal(int &property, String name, permissionType permission,
                                       long seconds = ON_CHANGE, CallbackFunc callback = NULL,
                                       float min_delta = 0.0f, SyncFunc sync = CLOUD_WINS);
  CLOUDGEN_LEGACY void addPropertyReal(unsigned int &property, String name,
                                       permissionType permission, long seconds = ON_CHANGE,
                                       CallbackFunc callback = NULL, float min_delta = 0.0f,
                                       SyncFunc sync = CLOUD_WINS);
  CLOUDGEN_LEGACY void addPropertyReal(float &property, String name, permissionType permission,
                                       long seconds = ON_CHANGE, CallbackFunc callback = NULL,
                                       float min_delta = 0.0f, SyncFunc sync = CLOUD_WINS);
  CLOUDGEN_LEGACY void addPropertyReal(String &property, String name, permissionType permission,
                                       long seconds = ON_CHANGE, CallbackFunc callback = NULL,
                                       float min_delta = 0.0f, SyncFunc sync = CLOUD_WINS);

#ifdef BOARD_HAS_LORA
  // LoRaWAN: every property carries its integer tag.
  Property &addPropertyReal(Property &property, String name, int tag, Permission permission);
  Property &addPropertyReal(bool &property, String name, int tag, Permission permission);
  Property &addPropertyReal(int &property, String name, int tag, Permission permission);
  Property &addPropertyReal(float &property, String name, int tag, Permission permission);
  CLOUDGEN_LEGACY void addPropertyReal(Property &property, String name, int tag,
                                       permissionType permission, long seconds = ON_CHANGE,
                                       CallbackFunc callback = NULL, float min_delta = 0.0f,
                                       SyncFunc sync = CLOUD_WINS);
  CLOUDGEN_LEGACY void addPropertyReal(bool &property, String name, int tag,
                                       permissionType permission, long seconds = ON_CHANGE,
                                       CallbackFunc callback = NULL, float min_delta = 0.0f,
                                       SyncFunc sync = CLOUD_WINS);
  CLOUDGEN_LEGACY void addPropertyReal(int &property, String name, int tag,
                                       permissionType permission, long seconds = ON_CHANGE,
                                       CallbackFunc callback = NULL, float min_delta = 0.0f,
                                       SyncFunc sync = CLOUD_WINS);
  CLOUDGEN_LEGACY void addPropertyReal(float &property, String name, int tag,
                                       permissionType permission, long seconds = ON_CHANGE,
                                       CallbackFunc callback = NULL, float min_delta = 0.0f,
                                       SyncFunc sync = CLOUD_WINS);
#endif
};

#undef CLOUDGEN_LEGACY

// The property name sent to the cloud is the argument's source text.
#define addProperty(v, ...) addPropertyReal(v, #v, __VA_ARGS__)

extern ArduinoIoTCloudClass ArduinoCloud;

void setDebugMessageLevel(int level);
