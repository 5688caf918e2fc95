package dev.ec2runner.testkit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that builds a fresh world before each test, puts its parts into the test's fields marked with
 * the world's annotation (the test class's and its superclasses'), and closes it after the test, after the test's own
 * {@code @AfterEach} methods. Each module's world (the operator's, the receiver's) is one of these, so that no test
 * builds or closes its world itself.
 *
 * @param <W> the world
 */
public abstract class WorldPerTest<W extends AutoCloseable> implements BeforeEachCallback, AfterEachCallback {

  private final Class<? extends Annotation> marker;
  private final Supplier<W> build;

  /**
   * @param marker the annotation of the fields that receive the world's parts
   * @param build makes a fresh world of the test's options
   */
  protected WorldPerTest(Class<? extends Annotation> marker, Supplier<W> build) {
    this.marker = marker;
    this.build = build;
  }

  /**
   * The part of the world a marked field of this type receives.
   *
   * @throws IllegalStateException when the world has no part of that type
   */
  protected abstract Object partFor(Class<?> type, W world);

  private ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(ExtensionContext.Namespace.create(getClass(), context.getRequiredTestMethod()));
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    W world = build.get();
    store(context).put("world", world);
    Object test = context.getRequiredTestInstance();
    for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.isAnnotationPresent(marker) && !Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          try {
            field.set(test, partFor(field.getType(), world));
          } catch (IllegalStateException noSuchPart) {
            throw new IllegalStateException("@" + marker.getSimpleName() + " field " + field.getName() + ": "
                + noSuchPart.getMessage(), noSuchPart);
          }
        }
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    AutoCloseable world = store(context).remove("world", AutoCloseable.class);
    if (world != null) {
      world.close();
    }
  }
}
