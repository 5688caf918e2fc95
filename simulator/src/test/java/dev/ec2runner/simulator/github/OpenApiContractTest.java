package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself: it must reject what GitHub would not send or accept. */
class OpenApiContractTest {

  private final OpenApiContract contract = new OpenApiContract();

  @Test
  void acceptsAWellFormedJitExchange() {
    contract.observe(jitExchange("{\"name\":\"r\",\"runner_group_id\":1,\"labels\":[\"self-hosted\"]}",
        "{\"runner\":" + RUNNER + ",\"encoded_jit_config\":\"abc\"}"));

    assertThat(contract.violations()).isEmpty();
    assertThat(contract.checked()).containsExactly("POST /orgs/acme/actions/runners/generate-jitconfig 201");
  }

  @Test
  void rejectsARequestWithoutLabels() {
    contract.observe(jitExchange("{\"name\":\"r\",\"runner_group_id\":1,\"labels\":[]}",
        "{\"runner\":" + RUNNER + ",\"encoded_jit_config\":\"abc\"}"));

    assertThat(contract.violations()).singleElement().asString().contains("labels");
  }

  @Test
  void rejectsAnAnswerMissingRequiredFields() {
    contract.observe(jitExchange("{\"name\":\"r\",\"runner_group_id\":1,\"labels\":[\"x\"]}",
        "{\"runner\":{\"id\":1,\"name\":\"r\"},\"encoded_jit_config\":\"abc\"}"));

    assertThat(contract.violations()).isNotEmpty().anySatisfy(v -> assertThat(v).contains("os"));
  }

  @Test
  void rejectsUnknownPathsAndUndocumentedSuccessStatuses() {
    contract.observe(exchange("GET", "/orgs/acme/actions/runnerz", "", 200, "{}"));
    contract.observe(exchange("DELETE", "/orgs/acme/actions/runners/5", "", 200, "{}"));

    assertThat(contract.violations()).hasSize(2);
  }

  @Test
  void genericErrorsMustStillLookLikeGitHubErrors() {
    contract.observe(exchange("DELETE", "/orgs/acme/actions/runners/5", "", 404, "{\"message\":\"Not Found\"}"));
    contract.observe(exchange("GET", "/orgs/acme/actions/runners", "", 304, ""));
    assertThat(contract.violations()).isEmpty();

    contract.observe(exchange("GET", "/orgs/acme/actions/runners", "", 502, "{\"error\":\"x\"}"));
    assertThat(contract.violations()).singleElement().asString().contains("'message'");
  }

  private static final String RUNNER = "{\"id\":1,\"name\":\"r\",\"os\":\"Linux\",\"status\":\"offline\","
      + "\"busy\":false,\"labels\":[{\"name\":\"self-hosted\"}]}";

  private static Exchange jitExchange(String request, String response) {
    return exchange("POST", "/orgs/acme/actions/runners/generate-jitconfig", request, 201, response);
  }

  private static Exchange exchange(String method, String path, String request, int status, String response) {
    return new Exchange(method, path, null, Map.of("content-type", List.of("application/json")),
        request.getBytes(StandardCharsets.UTF_8), status, Map.of(), response.getBytes(StandardCharsets.UTF_8));
  }
}
