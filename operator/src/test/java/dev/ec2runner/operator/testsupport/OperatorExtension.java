package dev.ec2runner.operator.testsupport;

import dev.ec2runner.testkit.WorldPerTest;

/**
 * Builds an {@link OperatorWorld} before each test and closes it after. The world goes into the test's
 * {@code @Operated OperatorWorld} field and its namespace into an {@code @Operated String} field.
 *
 * <p>Use {@link WithOperator} on the class for the default world (one operator process of the default configuration),
 * or register one of other options with {@link #of} as a {@code @RegisterExtension} field.
 */
public final class OperatorExtension extends WorldPerTest<OperatorWorld> {

  /** The default world (what {@link WithOperator} registers). */
  public OperatorExtension() {
    this(OperatorWorld.builder());
  }

  private OperatorExtension(WorldBuilder world) {
    super(Operated.class, world::build);
  }

  /** A world of these options for each test. */
  public static OperatorExtension of(WorldBuilder world) {
    return new OperatorExtension(world);
  }

  @Override
  protected Object partFor(Class<?> type, OperatorWorld world) {
    if (type == OperatorWorld.class) {
      return world;
    }
    if (type == String.class) {
      return world.namespace();
    }
    throw new IllegalStateException("a " + type.getSimpleName() + " is no part of the world; only OperatorWorld and"
        + " String (its namespace) are injected");
  }
}
