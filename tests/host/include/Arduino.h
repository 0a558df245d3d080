// Host stand-in for the Arduino core: just the API surface generated sketches use.
// Written for cloudgen's `g++ -fsyntax-only` checks; it links to nothing.
#pragma once

#include <stddef.h>
#include <stdint.h>

class String {
 public:
  String(const char *text = "") : text_(text) {}
  const char *c_str() const { return text_; }

 private:
  const char *text_;
};

class HardwareSerial {
 public:
  void begin(unsigned long baud);
  size_t print(const char *text);
  size_t print(const String &text);
  size_t print(int value);
  size_t print(long value);
  size_t print(double value);
  size_t println(const char *text = "");
  size_t println(const String &text);
  size_t println(int value);
  size_t println(unsigned int value);
  size_t println(long value);
  size_t println(double value);
};

extern HardwareSerial Serial;

#define HIGH 0x1
#define LOW 0x0
#define INPUT 0x0
#define OUTPUT 0x1
#define LED_BUILTIN 13

void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t value);
int digitalRead(uint8_t pin);
int analogRead(uint8_t pin);
void delay(unsigned long ms);
unsigned long millis();
