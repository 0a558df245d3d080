// Host stand-in for Arduino_KVStore, which Arduino_NetworkConfigurator includes: the
// editor's Provisioning 2.0 sketches declare `KVStore kvStore;` without including it.
#pragma once

class KVStore {
 public:
  KVStore();
  bool begin();
};
