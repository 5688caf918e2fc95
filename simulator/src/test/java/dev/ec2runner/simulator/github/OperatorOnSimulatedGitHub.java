package dev.ec2runner.simulator.github;

import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole operator ({@link OperatorWorld}: a namespace on the real API server, the fake cloud) whose GitHub is the
 * simulated one over HTTP ({@link ServedGitHub}), reached through the real App adapter with the OpenAPI contract
 * watching every exchange; both on the world's clock.
 * The world: {@link ServedGitHub}'s App on organization {@code acme} with repository {@code acme/app}; pools leave
 * {@code apiUrl} unset and the operator's GitHub client is pointed at the simulator, as DNS would point api.github.com
 * elsewhere.
 *
 * <p>A JUnit extension, registered as a {@code @RegisterExtension} field made by {@link #with}: it builds the world
 * and the App Secret in the world's namespace before each test, and after each test checks that every exchange
 * kept to GitHub's OpenAPI description and closes the world (after the test's own {@code @AfterEach} methods).
 */
final class OperatorOnSimulatedGitHub implements BeforeEachCallback, AfterEachCallback {

  private final UnaryOperator<OperatorConfig> adjust;
  private ServedGitHub served;
  SimulatedGitHub github;
  WebhookSender webhooks;
  OperatorWorld operator;

  private OperatorOnSimulatedGitHub(UnaryOperator<OperatorConfig> adjust) {
    this.adjust = adjust;
  }

  /** A world for each test whose operator runs with this configuration. */
  static OperatorOnSimulatedGitHub with(UnaryOperator<OperatorConfig> adjust) {
    return new OperatorOnSimulatedGitHub(adjust);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    served = new ServedGitHub(new MutableClock(OperatorWorld.START), null, "");
    github = served.github;
    webhooks = served.webhooks;
    operator = OperatorWorld.builder().clock(served.clock).config(adjust).withoutAppSecret()
        .gitHub(served.forOperator()).build();
    createAppSecret(operator.namespace());
  }

  /** The App Secret of the simulated App in the namespace. */
  private void createAppSecret(String namespace) {
    operator.client().resource(new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(TestResources.SECRET).withNamespace(namespace).build())
        .withStringData(ServedGitHub.appSecretData())
        .build()).create();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    served.finish(operator::close);
  }
}
