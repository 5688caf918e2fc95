package dev.ec2runner.operator.cloud;

import java.util.Locale;

/** How an instance is bought. */
public enum CapacityType {
  SPOT("spot"), ON_DEMAND("on-demand");

  private final String wireName;

  CapacityType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in specs, statuses and tags: spot or on-demand. */
  public String wireName() {
    return wireName;
  }

  public static CapacityType fromWireName(String name) {
    for (CapacityType type : values()) {
      if (type.wireName.equals(name.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown capacity type '" + name + "' (expected spot or on-demand)");
  }
}
