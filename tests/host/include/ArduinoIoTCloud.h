// Host stand-in for the ArduinoIoTCloud 2.x API surface that thingProperties.h and a
// sketch use: the cloud variable types, every addProperty form, permissions, update and
// sync policies, the board-id and configurator calls, and the library's globals. Written
// from cloudgen's reference sheets and the library's headers for `g++ -fsyntax-only`.
#pragma once

#include <AIoTC_Config.h>
#include <Arduino.h>
#include <Arduino_ConnectionHandler.h>
#include <Arduino_DebugUtils.h>
// property/types/CloudSchedule.h includes <time.h>, so clock, time, mktime, ... are global
// in every cloud sketch; Property.h includes <list> and <functional>.
#include <time.h>

#include <functional>
#include <list>

// ---- AIoTC_Const.h ----
static bool const ON = true;
static bool const OFF = false;
static long const ON_CHANGE = -1;
static long const SECONDS = 1;
static long const MINUTES = 60;
static long const HOURS = 3600;
static long const DAYS = 86400;

// ---- properties and cloud variable types ----

class Property;
typedef void (*UpdateCallbackFunc)(void);
typedef void (*OnSyncCallbackFunc)(Property &);

class Property {
 public:
  virtual ~Property() {}
  Property &onUpdate(UpdateCallbackFunc func);
  Property &onSync(OnSyncCallbackFunc func);
  Property &publishOnChange(float const min_delta_property, unsigned long const min_time = 500);
  Property &publishEvery(unsigned long const seconds);
  Property &publishOnDemand();
  Property &encodeTimestamp();
};

typedef std::list<Property *> PropertyContainer;

// The sync policies are macros naming these functions.
void onAutoSync(Property &property);
void onForceCloudSync(Property &property);
void onForceDeviceSync(Property &property);
#define MOST_RECENT_WINS onAutoSync
#define CLOUD_WINS onForceCloudSync
#define DEVICE_WINS onForceDeviceSync

template <typename T>
class CloudWrapper : public Property {
 public:
  CloudWrapper &operator=(T value) {
    value_ = value;
    return *this;
  }
  operator T() const { return value_; }

 private:
  T value_ = T();
};

class CloudBool : public CloudWrapper<bool> {
 public:
  using CloudWrapper<bool>::operator=;
};
class CloudInt : public CloudWrapper<int> {
 public:
  using CloudWrapper<int>::operator=;
};
class CloudUnsignedInt : public CloudWrapper<unsigned int> {
 public:
  using CloudWrapper<unsigned int>::operator=;
};
class CloudFloat : public CloudWrapper<float> {
 public:
  using CloudWrapper<float>::operator=;
};

// The unit types are typedefs in the library, not classes.
typedef CloudFloat CloudTemperature, CloudEnergy, CloudForce, CloudPower, CloudElectricCurrent,
    CloudElectricPotential, CloudElectricResistance, CloudCapacitance, CloudFrequency,
    CloudDataRate, CloudAcceleration, CloudArea, CloudLength, CloudVelocity, CloudMass,
    CloudVolume, CloudFlowRate, CloudAngle, CloudIlluminance, CloudLuminousFlux, CloudLuminance,
    CloudLuminousIntensity, CloudLogarithmicQuantity, CloudPressure, CloudPercentage,
    CloudRelativeHumidity, CloudHeartRate, CloudTemperatureSensor;
typedef CloudUnsignedInt CloudTime;
typedef CloudInt CloudInformationContent, CloudCounter;

#define CLOUDGEN_HOST_BOOL_TYPE(name)   \
  class name : public CloudBool {       \
   public:                              \
    using CloudBool::operator=;         \
  };
CLOUDGEN_HOST_BOOL_TYPE(CloudSwitch)
CLOUDGEN_HOST_BOOL_TYPE(CloudLight)
CLOUDGEN_HOST_BOOL_TYPE(CloudContactSensor)
CLOUDGEN_HOST_BOOL_TYPE(CloudMotionSensor)
CLOUDGEN_HOST_BOOL_TYPE(CloudSmartPlug)
#undef CLOUDGEN_HOST_BOOL_TYPE

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

// ---- permissions ----

typedef enum { READ = 0x01, WRITE = 0x02, READWRITE = READ | WRITE } permissionType;
enum class Permission { Read, Write, ReadWrite };

// ---- time ----

extern "C" unsigned long getTime();
class TimeServiceClass {
 public:
  unsigned long getTime();
  unsigned long getLocalTime();
};
extern TimeServiceClass TimeService;

// ---- the cloud object ----

#if NETWORK_CONFIGURATOR_COMPATIBLE
class NetworkConfiguratorClass;
#endif

// The legacy overloads carry the library's deprecation attribute.
#define CLOUDGEN_LEGACY \
  __attribute__((deprecated("Use addProperty(property, Permission::ReadWrite) instead.")))
// The legacy and tag forms, for one value type: the callback defaults to NULL, so
// `addProperty(x, READ, ON_CHANGE)` compiles, as it does with the real library.
#define CLOUDGEN_ADD_PROPERTY(T)                                                              \
  Property &addPropertyReal(T &property, String name, Permission const permission);          \
  Property &addPropertyReal(T &property, String name, int tag, Permission const permission); \
  CLOUDGEN_LEGACY void addPropertyReal(                                                       \
      T &property, String name, permissionType permission_type = READWRITE,                  \
      long seconds = ON_CHANGE, void (*fn)(void) = NULL, float minDelta = 0.0f,              \
      void (*synFn)(Property & property) = CLOUD_WINS);                                       \
  CLOUDGEN_LEGACY void addPropertyReal(                                                       \
      T &property, String name, int tag, permissionType permission_type = READWRITE,         \
      long seconds = ON_CHANGE, void (*fn)(void) = NULL, float minDelta = 0.0f,              \
      void (*synFn)(Property & property) = CLOUD_WINS);

class ArduinoIoTCloudClass {
 public:
  int begin(ConnectionHandler &connection, bool const enable_watchdog = true,
            bool const auto_reconnect = true);
  void update();
  int connected();
  void printDebugInfo();
  void setThingId(String const thing_id);
  String &getThingId();
  // Declared only on boards that authenticate with a device id and secret key.
#ifdef BOARD_HAS_SECRET_KEY
  void setBoardId(String const device_id);
  void setSecretDeviceKey(String const password);
#endif
#if NETWORK_CONFIGURATOR_COMPATIBLE
  void setConfigurator(NetworkConfiguratorClass &configurator);
#endif

  // Every form for Property and the five plain value types. The tag forms are declared
  // on every board, as in the library's base class.
  CLOUDGEN_ADD_PROPERTY(Property)
  CLOUDGEN_ADD_PROPERTY(bool)
  CLOUDGEN_ADD_PROPERTY(int)
  CLOUDGEN_ADD_PROPERTY(unsigned int)
  CLOUDGEN_ADD_PROPERTY(float)
  CLOUDGEN_ADD_PROPERTY(String)
};

#undef CLOUDGEN_ADD_PROPERTY
#undef CLOUDGEN_LEGACY

// The property name sent to the cloud is the argument's source text.
#define addProperty(v, ...) addPropertyReal(v, #v, __VA_ARGS__)

extern ArduinoIoTCloudClass ArduinoCloud;

void setDebugMessageLevel(int const level);
