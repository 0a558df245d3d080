// Host stand-in for Arduino_DebugUtils, which ArduinoIoTCloud includes: its `Debug`
// object and DBG_* levels are global names in every cloud sketch.
#pragma once

static int const DBG_NONE = -1;
static int const DBG_ERROR = 0;
static int const DBG_WARNING = 1;
static int const DBG_INFO = 2;
static int const DBG_DEBUG = 3;
static int const DBG_VERBOSE = 4;

class Arduino_DebugUtils {
 public:
  void setDebugLevel(int const level);
  void print(int const level, const char *fmt, ...);
};

extern Arduino_DebugUtils Debug;
