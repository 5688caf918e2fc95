package dev.ec2runner.operator.github.app;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends one GitHub REST call with {@code java.net.http}: GitHub's media type and API version headers, a timeout,
 * and a report of every call to the {@link GitHubCallListener}. Non-2xx answers are returned, not thrown, because
 * what they mean depends on the endpoint.
 */
final class GitHubHttp {

  /** One call: {@code endpoint} is the method and path template reported to the listener. */
  record Call(String method, String endpoint, URI uri, Sensitive authorization, byte[] jsonBody, String ifNoneMatch) {
  }

  static final String API_VERSION = "2022-11-28";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;
  private final GitHubCallListener listener;
  private final Clock clock;

  GitHubHttp(HttpClient client, GitHubCallListener listener, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  ApiResponse send(Call call) throws GitHubException {
    HttpRequest.Builder request = HttpRequest.newBuilder(call.uri())
        .timeout(TIMEOUT)
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", API_VERSION)
        .header("User-Agent", "ec2-runner-operator")
        .header("Authorization", call.authorization().reveal());
    if (call.ifNoneMatch() != null) {
      request.header("If-None-Match", call.ifNoneMatch());
    }
    if (call.jsonBody() != null) {
      request.header("Content-Type", "application/json")
          .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.jsonBody()));
    } else {
      request.method(call.method(), HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> answer;
    try {
      answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      listener.onCall(call.endpoint(), CallOutcome.NETWORK_ERROR);
      throw new GitHubException(describe(call) + " failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      listener.onCall(call.endpoint(), CallOutcome.NETWORK_ERROR);
      throw new GitHubException(describe(call) + " was interrupted", e);
    }
    ApiResponse response = new ApiResponse(answer.statusCode(), answer.headers(), answer.body());
    boolean throttled = GitHubErrors.throttling(response, clock.instant()).isPresent();
    listener.onCall(call.endpoint(), CallOutcome.of(response.status(), throttled));
    return response;
  }

  /** The call as it may appear in messages: method and path, no query, no credentials. */
  static String describe(Call call) {
    return call.method() + " " + call.uri().getRawPath();
  }
}
