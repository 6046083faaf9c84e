package io.meshage;

import static io.meshage.ConfigChecks.checkName;

/** Who a node is: its name, its namespace, and whether it is a guest rather than a member. */
record IdentitySettings(String name, String namespace, boolean guest) {

  IdentitySettings {
    checkName(name, "name");
    checkName(namespace, "namespace");
  }

  /** The builder's mutable half of {@link IdentitySettings}, holding the defaults. */
  static final class Draft {
    String name;
    String namespace = MeshConfig.DEFAULT_NAMESPACE;
    boolean guest;

    Draft(String name) {
      this.name = name;
    }

    Draft(IdentitySettings s) {
      name = s.name;
      namespace = s.namespace;
      guest = s.guest;
    }

    IdentitySettings build() {
      return new IdentitySettings(name, namespace, guest);
    }
  }
}
