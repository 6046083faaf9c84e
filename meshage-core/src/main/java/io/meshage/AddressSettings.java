package io.meshage;

import static io.meshage.ConfigChecks.checkAddress;
import static io.meshage.ConfigChecks.checkHostPort;
import static io.meshage.ConfigChecks.checkRange;

import io.meshage.internal.codec.Advertised;
import java.util.List;

/** Where a node listens and which address it gives others to dial. */
record AddressSettings(String bindAddress, List<String> bindAddresses, int port, String advertise) {

  AddressSettings {
    checkAddress(bindAddress, "bindAddress");
    for (String hostPort : bindAddresses) {
      checkHostPort(hostPort, "bindAddresses");
    }
    bindAddresses = List.copyOf(bindAddresses);
    checkRange(port, 0, 65535, "port");
    if (advertise != null) {
      Advertised.parse(advertise);
    }
  }

  /** The builder's mutable half of {@link AddressSettings}, holding the defaults. */
  static final class Draft {
    String bindAddress = "0.0.0.0";
    List<String> bindAddresses = List.of();
    int port;
    String advertise;

    Draft() {}

    Draft(AddressSettings s) {
      bindAddress = s.bindAddress;
      bindAddresses = s.bindAddresses;
      port = s.port;
      advertise = s.advertise;
    }

    AddressSettings build() {
      return new AddressSettings(bindAddress, bindAddresses, port, advertise);
    }
  }
}
