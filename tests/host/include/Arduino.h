// Host stand-in for the Arduino core, for cloudgen's `g++ -fsyntax-only` checks (it links
// to nothing). It is meant to be at least as strict as the real cores: everything a
// sketch sees globally on a board is global here too, so a cloud variable named after a
// C library or Arduino API name fails here as it fails on the board.
#pragma once

// ArduinoCore-API api/ArduinoAPI.h (mbed, Renesas, RP2040 cores) and the SAMD core's
// Arduino.h include these C headers; the ESP32 core's Arduino.h adds <stdio.h>. Their
// names (abs, round, index, y0, random, printf, ...) are global in every sketch.
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---- api/Common.h: types ----
typedef bool boolean;
typedef uint8_t byte;
typedef uint16_t word;
typedef uint8_t pin_size_t;
typedef void (*voidFuncPtr)(void);
typedef void (*voidFuncPtrParam)(void *);
// (The type names only: the stand-in's levels and modes are the SAMD core's macros.)
enum PinStatus {};
enum PinMode {};
enum BitOrder {};

// Pin levels, modes and bit orders: macros as in the SAMD core (ArduinoCore-API has the
// same names as enumerators); either way they are global names.
#define LOW 0x0
#define HIGH 0x1
#define CHANGE 0x2
#define FALLING 0x3
#define RISING 0x4
#define INPUT 0x0
#define OUTPUT 0x1
#define INPUT_PULLUP 0x2
#define INPUT_PULLDOWN 0x3
#define OUTPUT_OPENDRAIN 0x4
#define LSBFIRST 0
#define MSBFIRST 1
#define LED_BUILTIN 13
#define DEFAULT 1
#define EXTERNAL 0
#define SERIAL 0x0
#define DISPLAY 0x1

// ---- api/Common.h: object and function-like macros ----
#define PI 3.1415926535897932384626433832795
#define HALF_PI 1.5707963267948966192313216916398
#define TWO_PI 6.283185307179586476925286766559
#define DEG_TO_RAD 0.017453292519943295769236907684886
#define RAD_TO_DEG 57.295779513082320876798154814105
#define EULER 2.718281828459045235360287471352
#define constrain(amt, low, high) ((amt) < (low) ? (low) : ((amt) > (high) ? (high) : (amt)))
#define radians(deg) ((deg) * DEG_TO_RAD)
#define degrees(rad) ((rad) * RAD_TO_DEG)
#define sq(x) ((x) * (x))
#define lowByte(w) ((uint8_t)((w) & 0xff))
#define highByte(w) ((uint8_t)((w) >> 8))
#define bitRead(value, bit) (((value) >> (bit)) & 0x01)
#define bitSet(value, bit) ((value) |= (1UL << (bit)))
#define bitClear(value, bit) ((value) &= ~(1UL << (bit)))
#define bitToggle(value, bit) ((value) ^= (1UL << (bit)))
#define bitWrite(value, bit, bitvalue) ((bitvalue) ? bitSet(value, bit) : bitClear(value, bit))
#define bit(b) (1UL << (b))

// ---- api/Common.h: functions ----
void init(void);
void initVariant(void);
void yield(void);
void setup(void);
void loop(void);
void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t value);
int digitalRead(uint8_t pin);
int analogRead(uint8_t pin);
void analogReference(uint8_t mode);
void analogWrite(uint8_t pin, int value);
unsigned long millis(void);
unsigned long micros(void);
void delay(unsigned long ms);
void delayMicroseconds(unsigned int us);
unsigned long pulseIn(uint8_t pin, uint8_t state, unsigned long timeout = 1000000L);
unsigned long pulseInLong(uint8_t pin, uint8_t state, unsigned long timeout = 1000000L);
void shiftOut(uint8_t data_pin, uint8_t clock_pin, uint8_t bit_order, uint8_t value);
uint8_t shiftIn(uint8_t data_pin, uint8_t clock_pin, uint8_t bit_order);
void attachInterrupt(uint8_t interrupt, voidFuncPtr callback, int mode);
void attachInterruptParam(uint8_t interrupt, voidFuncPtrParam callback, int mode, void *param);
void detachInterrupt(uint8_t interrupt);
void tone(uint8_t pin, unsigned int frequency, unsigned long duration = 0);
void noTone(uint8_t pin);
uint16_t makeWord(uint16_t w);
uint16_t makeWord(uint8_t high, uint8_t low);
// Overloads of the C library's random(void): all three are global names.
long random(long max);
long random(long min, long max);
void randomSeed(unsigned long seed);
long map(long value, long from_low, long from_high, long to_low, long to_high);

// The C++ min/max of ArduinoCore-API (function templates, so `float min;` collides).
template <class T, class L>
auto min(const T &a, const L &b) -> decltype((b < a) ? b : a) {
  return (b < a) ? b : a;
}
template <class T, class L>
auto max(const T &a, const L &b) -> decltype((b < a) ? b : a) {
  return (a < b) ? b : a;
}

// ---- pins_arduino.h: analog pins ----
static const uint8_t A0 = 14, A1 = 15, A2 = 16, A3 = 17, A4 = 18, A5 = 19, A6 = 20, A7 = 21;

// ---- String and Serial: the part sketches use ----
class String {
 public:
  String(const char *text = "") : text_(text) {}
  const char *c_str() const { return text_; }
  unsigned int length() const { return (unsigned int)strlen(text_); }

 private:
  const char *text_;
};

class HardwareSerial {
 public:
  void begin(unsigned long baud);
  size_t print(const char *text);
  size_t print(const String &text);
  size_t print(int value);
  size_t print(unsigned int value);
  size_t print(long value);
  size_t print(unsigned long value);
  size_t print(double value);
  size_t println(const char *text = "");
  size_t println(const String &text);
  size_t println(int value);
  size_t println(unsigned int value);
  size_t println(long value);
  size_t println(unsigned long value);
  size_t println(double value);
  operator bool() const;
};

extern HardwareSerial Serial;
