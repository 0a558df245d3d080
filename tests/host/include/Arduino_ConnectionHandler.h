// Host stand-in for Arduino_ConnectionHandler 1.x. Like the real library, a handler is
// declared only when the board has that kind of connection (BOARD_HAS_*), so a sketch
// that uses the wrong handler for its board fails to compile.
#pragma once

#include <Arduino.h>

class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() {}
};

#ifdef BOARD_HAS_WIFI
class WiFiConnectionHandler : public ConnectionHandler {
 public:
  WiFiConnectionHandler(const char *ssid, const char *pass, bool keep_alive = true);
};
#endif

#ifdef BOARD_HAS_GSM
class GSMConnectionHandler : public ConnectionHandler {
 public:
  GSMConnectionHandler(const char *pin, const char *apn, const char *login, const char *pass,
                       bool keep_alive = true);
};
#endif

#ifdef BOARD_HAS_NB
class NBConnectionHandler : public ConnectionHandler {
 public:
  NBConnectionHandler(const char *pin, bool keep_alive = true);
  NBConnectionHandler(const char *pin, const char *apn, bool keep_alive = true);
  NBConnectionHandler(const char *pin, const char *apn, const char *login, const char *pass,
                      bool keep_alive = true);
};
#endif

#ifdef BOARD_HAS_CATM1_NBIOT
enum RadioAccessTechnologyType { CATM1 = 7, NBIOT = 8 };
class CatM1ConnectionHandler : public ConnectionHandler {
 public:
  CatM1ConnectionHandler(const char *pin, const char *apn, const char *login, const char *pass,
                         RadioAccessTechnologyType rat = CATM1, uint32_t band = 0,
                         bool keep_alive = true);
};
#endif

#ifdef BOARD_HAS_CELLULAR
class CellularConnectionHandler : public ConnectionHandler {
 public:
  CellularConnectionHandler(const char *pin, const char *apn, const char *login,
                            const char *pass, bool keep_alive = true);
};
#endif

#ifdef BOARD_HAS_ETHERNET
class EthernetConnectionHandler : public ConnectionHandler {
 public:
  EthernetConnectionHandler(unsigned long timeout = 15000, unsigned long responseTimeout = 4000,
                            bool keep_alive = true);
  EthernetConnectionHandler(const char *ip, const char *dns, const char *gateway,
                            const char *netmask, unsigned long timeout = 15000,
                            unsigned long responseTimeout = 4000, bool keep_alive = true);
};
#endif

#ifdef BOARD_HAS_LORA
enum class _lora_band { AS923, AU915, CN470, CN779, EU433, EU868, KR920, IN865, US915 };
enum class _lora_class { CLASS_A, CLASS_B, CLASS_C };
class LoRaConnectionHandler : public ConnectionHandler {
 public:
  LoRaConnectionHandler(const char *appeui, const char *appkey,
                        _lora_band band = _lora_band::EU868, const char *channelMask = NULL,
                        _lora_class device_class = _lora_class::CLASS_A);
};
#endif
