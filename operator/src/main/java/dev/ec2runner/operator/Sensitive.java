package dev.ec2runner.operator;

import java.util.Objects;

/**
 * A secret value (JIT config, token, private key) that never shows itself in logs, exceptions or toString.
 * Call {@link #reveal()} only where the value leaves the process for its one legitimate receiver.
 */
public final class Sensitive {

  private final String value;

  private Sensitive(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Sensitive of(String value) {
    return new Sensitive(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sensitive other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
