// Host stand-in for Arduino_NetworkConfigurator's configuratorAgents/agents/BLEAgent.h:
// the agent class and its `extern` object, which the editor's sketch then defines.
#pragma once

#include <Arduino_NetworkConfigurator.h>

#if NETWORK_CONFIGURATOR_COMPATIBLE
class BLEAgentClass : public ConfiguratorAgent {
 public:
  BLEAgentClass();
};

extern BLEAgentClass BLEAgent;
#endif
