package dev.ec2runner.operator.github.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.GitHubException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every page of a paginated GET, each revalidated with {@code If-None-Match} against the ETag it had last time: a
 * page GitHub answers 304 for is reused and costs no rate limit, so asking often for a list that rarely changes (a
 * runner group's repositories) is cheap.
 */
final class ConditionalListing {

  static final int MAX_PAGES = 50;

  private record Page(URI uri, String etag, JsonNode body, URI next) {
  }

  private final GitHubApi api;
  private final Map<URI, List<Page>> listings = new ConcurrentHashMap<>();

  ConditionalListing(GitHubApi api) {
    this.api = api;
  }

  /** The body of every page, from the first URI on, following the Link header. */
  List<JsonNode> fetch(PoolScope scope, String endpoint, URI first) throws GitHubException {
    List<Page> last = listings.getOrDefault(first, List.of());
    List<Page> pages = new ArrayList<>();
    URI uri = first;
    while (uri != null) {
      if (pages.size() >= MAX_PAGES) {
        throw new GitHubException(0, endpoint + " returned more than " + MAX_PAGES + " pages");
      }
      Page cached = pages.size() < last.size() && last.get(pages.size()).uri().equals(uri) ? last.get(pages.size())
          : null;
      ApiResponse response = api.asInstallation(scope, "GET", endpoint, uri, null,
          cached == null ? null : cached.etag());
      Page page;
      if (response.status() == 304 && cached != null) {
        page = cached;
      } else {
        api.expectSuccess("GET", uri, response);
        page = new Page(uri, response.header("etag").orElse(null), GitHubApi.parse(response, endpoint),
            api.nextPage(response).orElse(null));
      }
      pages.add(page);
      uri = page.next();
    }
    listings.put(first, List.copyOf(pages));
    return pages.stream().map(Page::body).toList();
  }
}
