package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import org.junit.jupiter.api.Test;

/** What `helm install` prints: the webhook URL to configure in the GitHub App, and the next step. */
class NotesTest {

  @Test
  void withAnIngressTheNotesGiveThePublicWebhookUrl() {
    String notes = notes(install().set("receiver.ingress.enabled", true)
        .set("receiver.ingress.host", "runners.example.com"));

    assertThat(notes).contains("Webhook URL:  https://runners.example.com/webhook")
        .doesNotContain("port-forward");
  }

  @Test
  void withoutAnIngressTheNotesGiveAPortForwardHint() {
    String notes = notes(install());

    assertThat(notes).contains("kubectl --namespace runners port-forward service/ec2r-ec2-runner-operator-receiver 8080:80")
        .contains("http://127.0.0.1:8080/webhook")
        .doesNotContain("Webhook URL:");
  }

  @Test
  void theNotesSayWhereTheWebhookSecretIsAndWhatToApplyNext() {
    String notes = notes(install());

    assertThat(notes)
        .contains("get secret ec2r-ec2-runner-operator-webhook -o jsonpath='{.data.webhook-secret}' | base64 -d")
        .contains("Apply a RunnerPool")
        .contains("examples/")
        .contains("get runnerpools,runners,workflowjobs");
  }

  @Test
  void withAppCredentialsTheNotesNameTheSecretAPoolReferences() {
    String notes = notes(install().withValuesFile(RepositoryPaths.resolve("helm/src/test/resources/values/app-credentials.yaml")));

    assertThat(notes).contains("spec.github.appSecretRef.name to \"ec2r-ec2-runner-operator-github-app\"")
        .contains("the value you gave in webhook.secret")
        .doesNotContain("old-webhook-secret");
  }

  private static InstallCommand install() {
    return new Helm(RepositoryPaths.chart()).install().withName(ChartRenderer.RELEASE)
        .withNamespace(ChartRenderer.NAMESPACE).clientOnly().dryRun();
  }

  private static String notes(InstallCommand install) {
    String output = install.call().getOutput();
    assertThat(output).contains("NOTES:");
    return output.substring(output.indexOf("NOTES:"));
  }
}
