// Host stand-in for Arduino_NetworkConfigurator's configuratorAgents/agents/SerialAgent.h.
#pragma once

#include <Arduino_NetworkConfigurator.h>

#if NETWORK_CONFIGURATOR_COMPATIBLE
class SerialAgentClass : public ConfiguratorAgent {
 public:
  SerialAgentClass();
};

extern SerialAgentClass SerialAgent;
#endif
