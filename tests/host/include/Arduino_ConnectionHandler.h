// Host stand-in for Arduino_ConnectionHandler 1.x (the "settings" era, which added the
// no-argument constructors Provisioning 2.0 uses). As in the real library, a handler is
// declared only when the board has that kind of connection (BOARD_HAS_*, derived from
// the board macro in ConnectionHandlerDefinitions.h), so a sketch that uses the wrong
// handler for its board fails to compile; boards with several connections get them all.
#pragma once

#include <Arduino.h>
#include <ConnectionHandlerDefinitions.h>

enum class NetworkConnectionState : unsigned int {
  INIT,
  CONNECTING,
  CONNECTED,
  DISCONNECTING,
  DISCONNECTED,
  CLOSED,
  ERROR
};
enum class NetworkConnectionEvent { CONNECTED, DISCONNECTED, ERROR };
enum class NetworkAdapter { NONE, WIFI, ETHERNET, NB, GSM, LORA, CATM1, CELL, NOTECARD };

class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() {}
  NetworkConnectionState check();
  void connect();
  void disconnect();
};

// The handler the library's own configurator examples use; on every board.
class GenericConnectionHandler : public ConnectionHandler {
 public:
  GenericConnectionHandler(bool const keep_alive = true);
};

#ifdef BOARD_HAS_WIFI
// WiFiNINA / WiFi.h, which the WiFi handler includes: `WiFi` and the WL_* states.
enum wl_status_t {
  WL_NO_SHIELD = 255,
  WL_IDLE_STATUS = 0,
  WL_NO_SSID_AVAIL,
  WL_SCAN_COMPLETED,
  WL_CONNECTED,
  WL_CONNECT_FAILED,
  WL_CONNECTION_LOST,
  WL_DISCONNECTED,
  WL_AP_LISTENING,
  WL_AP_CONNECTED,
  WL_AP_FAILED
};
class WiFiClass {
 public:
  uint8_t status();
  int32_t RSSI();
};
extern WiFiClass WiFi;

class WiFiConnectionHandler : public ConnectionHandler {
 public:
  WiFiConnectionHandler();
  WiFiConnectionHandler(const char *ssid, const char *pass, bool const keep_alive = true);
};
#endif

#ifdef BOARD_HAS_GSM
class GSMConnectionHandler : public ConnectionHandler {
 public:
  GSMConnectionHandler();
  GSMConnectionHandler(const char *pin, const char *apn, const char *login, const char *pass,
                       bool const keep_alive = true);
};
#endif

#ifdef BOARD_HAS_NB
class NBConnectionHandler : public ConnectionHandler {
 public:
  NBConnectionHandler();
  NBConnectionHandler(const char *pin, bool const keep_alive = true);
  NBConnectionHandler(const char *pin, const char *apn, bool const keep_alive = true);
  NBConnectionHandler(const char *pin, const char *apn, const char *login, const char *pass,
                      bool const keep_alive = true);
};
#endif

#ifdef BOARD_HAS_CATM1_NBIOT
// From the mbed core's GSM.h (values not checked against it; the names are what matter).
enum RadioAccessTechnologyType { CATM1 = 7, NBIOT = 8 };
#define BAND_3 0x04
#define BAND_19 0x40000
#define BAND_20 0x80000
class CatM1ConnectionHandler : public ConnectionHandler {
 public:
  CatM1ConnectionHandler();
  CatM1ConnectionHandler(const char *pin, const char *apn, const char *login, const char *pass,
                         RadioAccessTechnologyType rat = CATM1,
                         uint32_t band = BAND_3 | BAND_20 | BAND_19, bool const keep_alive = true);
};
#endif

#ifdef BOARD_HAS_CELLULAR
class CellularConnectionHandler : public ConnectionHandler {
 public:
  CellularConnectionHandler();
  CellularConnectionHandler(const char *pin, const char *apn, const char *login,
                            const char *pass, bool const keep_alive = true);
};
#endif

#ifdef BOARD_HAS_ETHERNET
class EthernetConnectionHandler : public ConnectionHandler {
 public:
  // With no arguments: DHCP.
  EthernetConnectionHandler(unsigned long const timeout = 15000,
                            unsigned long const responseTimeout = 4000,
                            bool const keep_alive = true);
  EthernetConnectionHandler(const char *ip, const char *dns, const char *gateway,
                            const char *netmask, unsigned long const timeout = 15000,
                            unsigned long const responseTimeout = 4000,
                            bool const keep_alive = true);
};
#endif

#ifdef BOARD_HAS_LORA
// MKRWAN's enums are plain C enums: EU868, CLASS_A, OTAA, ... are global names.
typedef enum {
  AS923 = 0,
  AU915,
  CN470,
  CN779,
  EU433,
  EU868,
  KR920,
  IN865,
  US915,
  US915_HYBRID
} _lora_band;
typedef enum { CLASS_A = 'A', CLASS_B, CLASS_C } _lora_class;
typedef enum { RFO = 0, PABOOST } _rf_mode;
typedef enum { ABP = 0, OTAA } _lora_mode;
typedef enum { APP_EUI = 0, APP_KEY, DEV_EUI, DEV_ADDR, NWKS_KEY, APPS_KEY, NWK_ID } _lora_property;
// No constructor without arguments: a LoRa sketch always passes its keys.
class LoRaConnectionHandler : public ConnectionHandler {
 public:
  LoRaConnectionHandler(const char *appeui, const char *appkey,
                        _lora_band const band = _lora_band::EU868,
                        const char *channelMask = NULL,
                        _lora_class const device_class = _lora_class::CLASS_A);
};
#endif
