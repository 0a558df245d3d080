// Host stand-in for Arduino_NetworkConfigurator 0.5 (Provisioning 2.0). As in the real
// header, the class exists only where NETWORK_CONFIGURATOR_COMPATIBLE is 1, so a
// configurator sketch for another board fails to compile.
#pragma once

#include <ANetworkConfigurator_Config.h>
#include <Arduino.h>
#include <Arduino_ConnectionHandler.h>
#include <Arduino_KVStore.h>

#if NETWORK_CONFIGURATOR_COMPATIBLE

class ConfiguratorAgent {
 public:
  virtual ~ConfiguratorAgent() {}
};

class NetworkConfiguratorClass {
 public:
  NetworkConfiguratorClass(ConnectionHandler &connectionHandler);
  bool begin();
  bool resetStoredConfiguration();
  bool end();
  void setStorage(KVStore &kvstore);
  void setReconfigurePin(uint32_t pin);
  void addReconfigurePinCallback(void (*callback)());
  bool addAgent(ConfiguratorAgent &agent);
};

#endif
