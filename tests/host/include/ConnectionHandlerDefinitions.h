// Host stand-in for Arduino_ConnectionHandler's src/ConnectionHandlerDefinitions.h: the
// connection macros the real library defines for each board macro of its core (library
// 1.x). Boards with several connections define all of them, as the real file does, so
// Arduino_ConnectionHandler.h declares every one of their handlers.
#pragma once

#if defined(ARDUINO_SAMD_MKR1000) || defined(ARDUINO_SAMD_MKRWIFI1010) ||        \
    defined(ARDUINO_SAMD_NANO_33_IOT) || defined(ARDUINO_NANO_RP2040_CONNECT) || \
    defined(ARDUINO_NICLA_VISION) || defined(ARDUINO_GIGA) ||                    \
    defined(ARDUINO_UNOR4_WIFI) || defined(ARDUINO_ARCH_ESP32) ||                \
    defined(ARDUINO_ARCH_ESP8266) || defined(ARDUINO_RASPBERRY_PI_PICO_W)
#define BOARD_HAS_WIFI
#endif

#if defined(ARDUINO_PORTENTA_H7_M7)
#define BOARD_HAS_WIFI
#define BOARD_HAS_ETHERNET
#define BOARD_HAS_CATM1_NBIOT
#define BOARD_HAS_CELLULAR
#endif

#if defined(ARDUINO_PORTENTA_C33)
#define BOARD_HAS_WIFI
#define BOARD_HAS_ETHERNET
#define BOARD_HAS_CELLULAR
#endif

#if defined(ARDUINO_OPTA)
#define BOARD_HAS_WIFI
#define BOARD_HAS_ETHERNET
#endif

#if defined(ARDUINO_SAMD_MKRGSM1400)
#define BOARD_HAS_GSM
#endif

#if defined(ARDUINO_SAMD_MKRNB1500)
#define BOARD_HAS_NB
#endif

#if defined(ARDUINO_SAMD_MKRWAN1300) || defined(ARDUINO_SAMD_MKRWAN1310)
#define BOARD_HAS_LORA
#endif

#if defined(ARDUINO_EDGE_CONTROL)
#define BOARD_HAS_CATM1_NBIOT
#endif

// Part of every handler header in the real library: the retry table and state macros.
static unsigned int const CHECK_INTERVAL_TABLE[] = {100, 4000, 500, 100, 100, 1000, 1000};
#define NETWORK_HARDWARE_ERROR -1
#define NETWORK_IDLE_STATUS 0
#define NETWORK_CONNECTED 3
