package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every pod meets the Kubernetes "restricted" Pod Security Standard and keeps its root filesystem read-only. */
class PodSecurityTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "ingress.yaml", "existing-secrets.yaml", "watched-namespaces.yaml",
      "single-namespace.yaml", "service-monitor.yaml", "app-credentials.yaml"})
  void everyContainerRunsRestricted(String valuesFile) {
    ChartRenderer renderer = ChartRenderer.chart();
    RenderedChart chart = valuesFile.isEmpty() ? renderer.render() : renderer.values(valuesFile).render();

    assertThat(chart.all(Deployment.class)).hasSize(2).allSatisfy(deployment -> {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      boolean podNonRoot = Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot());

      List<Container> containers = new ArrayList<>(pod.getContainers());
      containers.addAll(pod.getInitContainers());
      assertThat(containers).isNotEmpty().allSatisfy(container -> {
        var context = container.getSecurityContext();
        assertThat(context).as("%s has a securityContext", container.getName()).isNotNull();
        assertThat(podNonRoot || Boolean.TRUE.equals(context.getRunAsNonRoot())).as("runAsNonRoot").isTrue();
        assertThat(context.getRunAsUser()).isNotNull().isPositive();
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(context.getCapabilities().getDrop()).contains("ALL");
        assertThat(context.getCapabilities().getAdd()).isEmpty();
        assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertTmpIsAnEmptyDir(pod, container);
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
      });
    });
  }

  /** The JVM writes its temporary files to /tmp, the one writable place under a read-only root. */
  private static void assertTmpIsAnEmptyDir(PodSpec pod, Container container) {
    var mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst();
    assertThat(mount).as("%s mounts /tmp", container.getName()).isPresent();
    Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.get().getName()))
        .findFirst().orElseThrow();
    assertThat(volume.getEmptyDir()).isNotNull();
  }
}
