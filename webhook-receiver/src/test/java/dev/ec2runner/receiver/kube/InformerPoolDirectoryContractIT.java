package dev.ec2runner.receiver.kube;

import static org.awaitility.Awaitility.await;

import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.ReceiverExtension;
import dev.ec2runner.receiver.testing.ReceiverWorld;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The informer-backed directory, as the receiver's ServiceAccount, over the test pools on the real API server. */
class InformerPoolDirectoryContractIT extends PoolDirectoryContract {

  @RegisterExtension
  final ReceiverExtension world = ReceiverExtension.of(ReceiverWorld.builder().withoutReceiver());

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private String namespace;
  private InformerPoolDirectory directory;

  @Override
  protected PoolDirectory directory() {
    if (directory == null) {
      directory = new InformerPoolDirectory(kubernetes.receiverClient(namespace), namespace).start();
      await().atMost(Duration.ofSeconds(30)).until(() -> directory.synced() && directory.size() == 2);
    }
    return directory;
  }

  @Override
  protected String namespace() {
    return namespace;
  }

  @AfterEach
  void closeDirectory() {
    if (directory != null) {
      directory.close();
    }
  }
}
