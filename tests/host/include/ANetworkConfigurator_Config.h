// Host stand-in for Arduino_NetworkConfigurator's src/ANetworkConfigurator_Config.h
// (library 0.5.0): the boards on which the configurator, its agents and KVStore exist.
#pragma once

#if defined(ARDUINO_SAMD_MKRWIFI1010) || defined(ARDUINO_SAMD_NANO_33_IOT) ||       \
    defined(ARDUINO_NANO_RP2040_CONNECT) || defined(ARDUINO_UNOR4_WIFI) ||          \
    defined(ARDUINO_PORTENTA_H7_M7) || defined(ARDUINO_OPTA) || defined(ARDUINO_GIGA) || \
    defined(ARDUINO_NICLA_VISION) || defined(ARDUINO_PORTENTA_C33)
#define NETWORK_CONFIGURATOR_COMPATIBLE 1
#else
#define NETWORK_CONFIGURATOR_COMPATIBLE 0
#endif
