package dev.ec2runner.operator.cloud.aws;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Fetches over HTTP(S) with {@code java.net.http}, following GitHub's redirects to its release storage. */
public final class HttpBinaryFetcher implements BinaryFetcher {

  private final HttpClient client = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  @Override
  public InputStream open(URI url) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        throw new IOException("GET " + url + " answered HTTP " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + url, e);
    }
  }
}
