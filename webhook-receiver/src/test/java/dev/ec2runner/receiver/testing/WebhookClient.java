package dev.ec2runner.receiver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.receiver.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Sends deliveries to a receiver over HTTP the way GitHub does: signed, with the event and delivery headers. */
public final class WebhookClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How the JDK's client reports a pooled connection the server closed before the request went out on it. */
  private static final String STALE_CONNECTION = "header parser received no bytes";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String secret;

  public WebhookClient(int port, String secret) {
    this.baseUrl = "http://127.0.0.1:" + port;
    this.secret = secret;
  }

  /** An answer: status and parsed JSON body. */
  public record Answer(int status, JsonNode body) {
    public String outcome() {
      return body.path("outcome").asText();
    }
  }

  public Answer deliver(String event, byte[] body) {
    return deliver(event, UUID.randomUUID().toString(), body);
  }

  public Answer deliver(String event, String deliveryId, byte[] body) {
    return send(request("/webhook")
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", deliveryId)
        .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, body))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public Answer get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> getText(String path) {
    try {
      return sendOnLiveConnection(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15));
  }

  public Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response = sendOnLiveConnection(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends the request, once more on a new connection if the pooled one it went out on had been closed by the server
   * first: the tests' receivers close connections idle for half a second (slow-client defence), and on a loaded
   * machine a test's next request can come later than that. The request never reached the server then (it answered
   * nothing), so sending it again is not a second delivery.
   */
  private <T> HttpResponse<T> sendOnLiveConnection(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      if (e.getMessage() == null || !e.getMessage().contains(STALE_CONNECTION)) {
        throw e;
      }
      return http.send(request, handler);
    }
  }
}
