package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The images run the contracted jars as the non-root user the chart expects, on a read-only root filesystem. */
class DockerfilesTest {

  @ParameterizedTest
  @CsvSource({
      "docker/operator.Dockerfile, operator/target/ec2-runner-operator.jar, ec2r-ec2-runner-operator",
      "docker/webhook-receiver.Dockerfile, webhook-receiver/target/ec2-runner-webhook-receiver.jar, "
          + "ec2r-ec2-runner-operator-receiver"})
  void imageRunsTheShadedJarAsTheChartsNonRootUser(String dockerfile, String jar, String deployment)
      throws IOException {
    Dockerfile image = Dockerfile.read(RepositoryPaths.resolve(dockerfile));

    assertThat(image.all("FROM")).containsExactly("eclipse-temurin:17-jre");
    List<String> copies = image.all("COPY");
    assertThat(copies).singleElement().satisfies(copy -> assertThat(copy.split(" ")).contains(jar));
    String user = image.last("USER").orElseThrow();
    assertThat(user).as("USER must be numeric uid:gid so runAsNonRoot can verify it").matches("[1-9][0-9]*:[1-9][0-9]*");

    var pod = ChartRenderer.chart().render().one(Deployment.class, deployment).getSpec().getTemplate().getSpec();
    long uid = Long.parseLong(user.split(":")[0]);
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(uid);
    assertThat(pod.getContainers()).allSatisfy(c -> assertThat(c.getSecurityContext().getRunAsUser()).isEqualTo(uid));
  }

  @ParameterizedTest
  @CsvSource({
      "docker/operator.Dockerfile, /opt/ec2-runner/operator.jar",
      "docker/webhook-receiver.Dockerfile, /opt/ec2-runner/webhook-receiver.jar"})
  void jvmIsContainerAwareExitsOnOutOfMemoryAndWritesOnlyToTmp(String dockerfile, String jarInImage)
      throws IOException {
    Dockerfile image = Dockerfile.read(RepositoryPaths.resolve(dockerfile));

    List<String> entrypoint = image.entrypoint();
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-XX:-UsePerfData")
        .anyMatch(arg -> arg.startsWith("-XX:MaxRAMPercentage="))
        .noneMatch(arg -> arg.startsWith("-Xmx"));
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", jarInImage);
    assertThat(image.all("COPY")).singleElement().satisfies(copy -> assertThat(copy).endsWith(jarInImage));
  }
}
