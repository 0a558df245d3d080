// Host stand-in for ArduinoIoTCloud's src/AIoTC_Config.h (library 2.0.4, plus the
// Raspberry Pi Pico W block of PR #503): how each board authenticates and which transport
// it uses, keyed on the board macro its core defines. The test passes only that board
// macro (-DARDUINO_UNOR4_WIFI), and these lines derive the rest, as the real file does.
#pragma once

// Secure elements. The UNO R4 WiFi has a software one (since 1.13) *and* a secret key.
#if defined(ARDUINO_SAMD_MKR1000) || defined(ARDUINO_SAMD_MKRGSM1400) ||        \
    defined(ARDUINO_SAMD_MKRNB1500) || defined(ARDUINO_PORTENTA_H7_M7) ||        \
    defined(ARDUINO_OPTA) || defined(ARDUINO_GIGA) || defined(ARDUINO_NANO_RP2040_CONNECT)
#define BOARD_HAS_ECCX08
#endif
#if defined(ARDUINO_SAMD_MKRWIFI1010) || defined(ARDUINO_SAMD_NANO_33_IOT)
#define BOARD_HAS_OFFLOADED_ECCX08
#endif
#if defined(ARDUINO_NICLA_VISION) || defined(ARDUINO_PORTENTA_C33)
#define BOARD_HAS_SE050
#endif
#if defined(ARDUINO_UNOR4_WIFI)
#define BOARD_HAS_SOFTSE
#endif
#if defined(BOARD_HAS_ECCX08) || defined(BOARD_HAS_OFFLOADED_ECCX08) || \
    defined(BOARD_HAS_SE050) || defined(BOARD_HAS_SOFTSE)
#define BOARD_HAS_SECURE_ELEMENT
#endif

// Device id + secret key: setBoardId/setSecretDeviceKey exist only on these boards.
#if defined(ARDUINO_ARCH_ESP32) || defined(ARDUINO_ARCH_ESP8266) ||      \
    defined(ARDUINO_UNOR4_WIFI) || defined(ARDUINO_EDGE_CONTROL) || \
    defined(ARDUINO_RASPBERRY_PI_PICO_W)
#define BOARD_HAS_SECRET_KEY
#endif

// Transport: LoRaWAN boards use the LPWAN class, every other board the TCP class.
#if defined(ARDUINO_SAMD_MKRWAN1300) || defined(ARDUINO_SAMD_MKRWAN1310)
#define HAS_LORA
#elif defined(BOARD_HAS_SECURE_ELEMENT) || defined(BOARD_HAS_SECRET_KEY)
#define HAS_TCP
#else
#error "cloudgen host check: no supported board macro defined (pass e.g. -DARDUINO_SAMD_MKRWIFI1010)"
#endif

// Provisioning 2.0 (PR #535 adds it to this file): NETWORK_CONFIGURATOR_COMPATIBLE.
#include <ANetworkConfigurator_Config.h>
