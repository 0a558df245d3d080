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
  size_t println(const char *text);
};

extern HardwareSerial Serial;

void delay(unsigned long ms);
unsigned long millis();
