package dev.ec2runner.operator.testsupport;

import dev.ec2runner.operator.OperatorConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.BiFunction;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts an operator ({@link OperatorTestHarness}) on the test's share of the API server before each test, with
 * the App Secret in its namespace, and stops it after. The running harness goes into the test's
 * {@code @Operated OperatorTestHarness} field and its namespace into an {@code @Operated String} field.
 *
 * <p>Use {@link WithOperator} on the class for the default configuration, or register one configured with
 * {@link #configured} as a {@code @RegisterExtension} field.
 */
public final class OperatorExtension implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(OperatorExtension.class);

  private final BiFunction<OperatorConfig, String, OperatorConfig> adjust;

  /** The default configuration (what {@link WithOperator} registers). */
  public OperatorExtension() {
    this((config, namespace) -> config);
  }

  private OperatorExtension(BiFunction<OperatorConfig, String, OperatorConfig> adjust) {
    this.adjust = adjust;
  }

  /** An operator whose configuration is adjusted first; the function gets the test's namespace second. */
  public static OperatorExtension configured(BiFunction<OperatorConfig, String, OperatorConfig> adjust) {
    return new OperatorExtension(adjust);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    OperatorTestHarness harness = OperatorTestHarness.start(adjust);
    context.getStore(STORE).put(OperatorTestHarness.class, harness);
    harness.client().resource(TestResources.appSecret(harness.namespace())).create();
    Object test = context.getRequiredTestInstance();
    for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.isAnnotationPresent(Operated.class) && !Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          field.set(test, valueFor(field, harness));
        }
      }
    }
  }

  private static Object valueFor(Field field, OperatorTestHarness harness) {
    if (field.getType() == OperatorTestHarness.class) {
      return harness;
    }
    if (field.getType() == String.class) {
      return harness.namespace();
    }
    throw new IllegalStateException("@Operated field " + field.getName() + " is a " + field.getType().getSimpleName()
        + "; only OperatorTestHarness (the operator) and String (its namespace) are injected");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    OperatorTestHarness harness = context.getStore(STORE).remove(OperatorTestHarness.class, OperatorTestHarness.class);
    if (harness != null) {
      harness.close();
    }
  }
}
