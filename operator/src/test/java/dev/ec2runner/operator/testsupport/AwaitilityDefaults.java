package dev.ec2runner.operator.testsupport;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The waiting rules of the operator's tests, set once for every test class by configuration (registered in
 * META-INF/services, with extension auto-detection on in junit-platform.properties) rather than by whichever
 * harness a test happens to construct: objects appear step by step (a Runner before its status), so a null seen on
 * the way is not a failure; reconciles take milliseconds, a loaded machine seconds.
 */
public final class AwaitilityDefaults implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    Awaitility.reset();
    Awaitility.ignoreExceptionsByDefault();
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
  }
}
